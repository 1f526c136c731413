#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <cstdint>

// Assembles DNS reply messages for the cache tests the way a real server would: every name,
// in owner fields and in the RDATA of the RFC 1035 types, is compressed against the names
// already written, so scrubbing records must cope with pointers into records it drops.
class ReplyWriter
{
public:
    // RDATA as a sequence of raw bytes and names (names get compressed when `compressible`).
    struct Rdata
    {
        struct Part
        {
            QByteArray raw;
            QString name; // used when raw is empty
        };
        QList<Part> parts;
        bool compressible = true;
    };

    static Rdata a(const char *dotted);
    static Rdata aaaa(const char *text);
    static Rdata name(const QString &target);
    static Rdata mx(std::uint16_t preference, const QString &exchange);
    static Rdata srv(std::uint16_t priority, std::uint16_t weight, std::uint16_t port,
                     const QString &target);
    static Rdata soa(const QString &mname, std::uint32_t ttlMinimum);
    static Rdata raw(const QByteArray &bytes);

    ReplyWriter(const QString &qname, std::uint16_t qtype, std::uint8_t rcode = 0);

    ReplyWriter &answer(const QString &owner, std::uint16_t type, std::uint32_t ttl, Rdata rdata,
                        std::uint16_t klass = 1);
    ReplyWriter &authority(const QString &owner, std::uint16_t type, std::uint32_t ttl, Rdata rdata,
                           std::uint16_t klass = 1);
    ReplyWriter &additional(const QString &owner, std::uint16_t type, std::uint32_t ttl,
                            Rdata rdata);
    ReplyWriter &flags(std::uint16_t flags);
    ReplyWriter &withOpt(std::uint16_t udpSize = 1232, std::uint8_t extendedRcode = 0);
    ReplyWriter &questionClass(std::uint16_t klass);

    QByteArray wire(std::uint16_t id = 0x4242) const;

private:
    struct Rr
    {
        QString owner;
        std::uint16_t type;
        std::uint16_t klass;
        std::uint32_t ttl;
        Rdata rdata;
    };

    QString m_qname;
    std::uint16_t m_qtype;
    std::uint16_t m_qclass = 1;
    std::uint16_t m_flags;
    QList<Rr> m_sections[3];
    bool m_opt = false;
    std::uint16_t m_optSize = 1232;
    std::uint8_t m_extendedRcode = 0;
};

// Helpers shared by the cache tests.
namespace TestDns {
QByteArray wireName(const QString &text);
// A client query as a stub would send it, optionally with EDNS.
QByteArray query(std::uint16_t id, const QString &name, std::uint16_t type, bool edns,
                 bool dnssecOk = false, std::uint16_t flags = 0x0100, std::uint16_t udpSize = 1232);
} // namespace TestDns
