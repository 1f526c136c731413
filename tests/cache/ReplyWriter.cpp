#include "ReplyWriter.h"

#include "service/dns/DnsName.h"
#include "service/dns/DnsTypes.h"
#include "service/dns/Message.h"
#include "service/dns/MessageBuilder.h"

#include <QHostAddress>

namespace {

void appendU16(QByteArray &out, std::uint16_t value)
{
    out += char(value >> 8);
    out += char(value & 0xff);
}

void appendU32(QByteArray &out, std::uint32_t value)
{
    appendU16(out, std::uint16_t(value >> 16));
    appendU16(out, std::uint16_t(value & 0xffff));
}

// Name compression as servers do it: the longest suffix already written becomes a pointer.
class Compressor
{
public:
    void write(QByteArray &out, const QString &text, bool compress)
    {
        const QByteArray name = TestDns::wireName(text);
        qsizetype pos = 0;
        while (name[pos] != 0) {
            const QByteArray suffix = Shoal::Dns::lowercasedName(name.sliced(pos));
            if (compress && m_offsets.contains(suffix)) {
                appendU16(out, std::uint16_t(0xc000 | m_offsets.value(suffix)));
                return;
            }
            if (compress && out.size() < 0x3fff)
                m_offsets.insert(suffix, int(out.size()));
            const int labelSize = 1 + std::uint8_t(name[pos]);
            out += name.sliced(pos, labelSize);
            pos += labelSize;
        }
        out += '\0';
    }

private:
    QHash<QByteArray, int> m_offsets;
};

} // namespace

namespace TestDns {

QByteArray wireName(const QString &text)
{
    const auto name = Shoal::Dns::nameFromText(text);
    Q_ASSERT(name);
    return *name;
}

QByteArray query(std::uint16_t id, const QString &name, std::uint16_t type, bool edns,
                 bool dnssecOk, std::uint16_t flags, std::uint16_t udpSize)
{
    QByteArray out;
    appendU16(out, id);
    appendU16(out, flags);
    appendU16(out, 1);
    appendU16(out, 0);
    appendU16(out, 0);
    appendU16(out, 0);
    out += wireName(name);
    appendU16(out, type);
    appendU16(out, 1);
    if (edns) {
        Shoal::Dns::EdnsParameters parameters;
        parameters.udpPayloadSize = udpSize;
        parameters.dnssecOk = dnssecOk;
        Shoal::Dns::MessageBuilder::appendOpt(out, parameters);
    }
    return out;
}

} // namespace TestDns

ReplyWriter::Rdata ReplyWriter::a(const char *dotted)
{
    const quint32 ip = QHostAddress(QString::fromLatin1(dotted)).toIPv4Address();
    QByteArray bytes;
    appendU32(bytes, ip);
    return raw(bytes);
}

ReplyWriter::Rdata ReplyWriter::aaaa(const char *text)
{
    const Q_IPV6ADDR ip = QHostAddress(QString::fromLatin1(text)).toIPv6Address();
    return raw(QByteArray(reinterpret_cast<const char *>(ip.c), 16));
}

ReplyWriter::Rdata ReplyWriter::name(const QString &target)
{
    return {{{{}, target}}, true};
}

ReplyWriter::Rdata ReplyWriter::mx(std::uint16_t preference, const QString &exchange)
{
    QByteArray prefix;
    appendU16(prefix, preference);
    return {{{prefix, {}}, {{}, exchange}}, true};
}

ReplyWriter::Rdata ReplyWriter::srv(std::uint16_t priority, std::uint16_t weight,
                                    std::uint16_t port, const QString &target)
{
    QByteArray prefix;
    appendU16(prefix, priority);
    appendU16(prefix, weight);
    appendU16(prefix, port);
    return {{{prefix, {}}, {{}, target}}, false};
}

ReplyWriter::Rdata ReplyWriter::soa(const QString &mname, std::uint32_t ttlMinimum)
{
    QByteArray fixed;
    for (const std::uint32_t value : {2024010101u, 7200u, 3600u, 1209600u, ttlMinimum})
        appendU32(fixed, value);
    return {{{{}, mname}, {{}, u"hostmaster."_qs + mname}, {fixed, {}}}, true};
}

ReplyWriter::Rdata ReplyWriter::raw(const QByteArray &bytes)
{
    return {{{bytes, {}}}, false};
}

ReplyWriter::ReplyWriter(const QString &qname, std::uint16_t qtype, std::uint8_t rcode)
    : m_qname(qname)
    , m_qtype(qtype)
    , m_flags(std::uint16_t(0x8180 | rcode))
{}

ReplyWriter &ReplyWriter::answer(const QString &owner, std::uint16_t type, std::uint32_t ttl,
                                 Rdata rdata, std::uint16_t klass)
{
    m_sections[0].append({owner, type, klass, ttl, std::move(rdata)});
    return *this;
}

ReplyWriter &ReplyWriter::authority(const QString &owner, std::uint16_t type, std::uint32_t ttl,
                                    Rdata rdata, std::uint16_t klass)
{
    m_sections[1].append({owner, type, klass, ttl, std::move(rdata)});
    return *this;
}

ReplyWriter &ReplyWriter::additional(const QString &owner, std::uint16_t type, std::uint32_t ttl,
                                     Rdata rdata)
{
    m_sections[2].append({owner, type, 1, ttl, std::move(rdata)});
    return *this;
}

ReplyWriter &ReplyWriter::flags(std::uint16_t flags)
{
    m_flags = flags;
    return *this;
}

ReplyWriter &ReplyWriter::withOpt(std::uint16_t udpSize, std::uint8_t extendedRcode)
{
    m_opt = true;
    m_optSize = udpSize;
    m_extendedRcode = extendedRcode;
    return *this;
}

ReplyWriter &ReplyWriter::questionClass(std::uint16_t klass)
{
    m_qclass = klass;
    return *this;
}

QByteArray ReplyWriter::wire(std::uint16_t id) const
{
    QByteArray out;
    Compressor compressor;
    appendU16(out, id);
    appendU16(out, m_flags);
    appendU16(out, 1);
    for (const auto &section : m_sections)
        appendU16(out, std::uint16_t(section.size() + (&section == &m_sections[2] && m_opt)));
    compressor.write(out, m_qname, true);
    appendU16(out, m_qtype);
    appendU16(out, m_qclass);
    for (const auto &section : m_sections) {
        for (const Rr &rr : section) {
            compressor.write(out, rr.owner, true);
            appendU16(out, rr.type);
            appendU16(out, rr.klass);
            appendU32(out, rr.ttl);
            const qsizetype lengthAt = out.size();
            appendU16(out, 0);
            for (const Rdata::Part &part : rr.rdata.parts) {
                if (part.raw.isEmpty())
                    compressor.write(out, part.name, rr.rdata.compressible);
                else
                    out += part.raw;
            }
            const auto length = std::uint16_t(out.size() - lengthAt - 2);
            out[lengthAt] = char(length >> 8);
            out[lengthAt + 1] = char(length & 0xff);
        }
    }
    if (m_opt) {
        out += '\0';
        appendU16(out, 41);
        appendU16(out, m_optSize);
        out += char(m_extendedRcode);
        out += '\0';
        appendU16(out, 0);
        appendU16(out, 0);
    }
    return out;
}
