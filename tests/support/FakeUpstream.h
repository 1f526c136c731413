#pragma once

#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPair>
#include <QString>
#include <cstdint>

class QTcpServer;
class QTcpSocket;
class QUdpSocket;

namespace Shoal::Test {

// A DNS server on loopback for fault injection in tests, never a stand-in for a real server:
// it answers A queries for the names it was given (NXDOMAIN for others, NODATA for other types)
// over UDP and TCP on the same port, and can be told, for every name or for one, to misbehave.
//
// Faults that send a bogus packet (WrongId, WrongQuestion, Garbage, WrongSourcePort) follow it
// with the right answer unless `thenAnswer` is false, so a test can see the bogus packet
// dropped and the right one still accepted. `fault` applies over UDP, `tcpFault` over TCP.
class FakeUpstream : public QObject
{
    Q_OBJECT

public:
    enum class Fault : std::uint8_t
    {
        None,
        Drop,                // no reply at all
        ServFail,            // rcode SERVFAIL, no records
        Refused,             // rcode REFUSED, no records
        Truncate,            // UDP: TC set and no records (TCP then gets the full answer)
        WrongId,             // a reply with another ID
        WrongQuestion,       // a reply (right ID) to another name
        Garbage,             // a 5-byte packet, then one with the right ID that does not parse
        WrongSourcePort,     // the reply sent from another socket (other source port)
        HugeTtl,             // the answer with TTL 0xffffffff
        ExtraOutOfBailiwick, // the answer plus records for names outside the question
        CloseConnection,     // TCP only: close the connection without a reply
    };

    struct Behaviour
    {
        Fault fault = Fault::None;
        int delayMs = 0;
        bool thenAnswer = true;
        Fault tcpFault = Fault::None;
    };

    explicit FakeUpstream(QObject *parent = nullptr);
    ~FakeUpstream() override;

    // Binds UDP and TCP on `address`, port 0 (the same port for both). False on failure.
    bool start(const QHostAddress &address = QHostAddress::LocalHost);
    // Closes both sockets: the server is gone (queries then time out).
    void stop();
    QHostAddress address() const { return m_address; }
    quint16 port() const { return m_port; }

    void addRecord(const QString &name, const QHostAddress &ipv4, quint32 ttl = 300);
    // From now on NXDOMAIN replies carry the SOA of `zone` (TTL and MINIMUM `ttl`), so that a
    // resolver may cache them (RFC 2308); without it they carry none.
    void setNegativeSoa(const QString &zone, quint32 ttl);
    void setBehaviour(const Behaviour &behaviour) { m_default = behaviour; }
    void setBehaviour(const QString &name, const Behaviour &behaviour);
    void clearBehaviours();

    int queriesReceived() const { return m_udpQueries + m_tcpQueries; }
    int udpQueries() const { return m_udpQueries; }
    int tcpQueries() const { return m_tcpQueries; }
    int queriesFor(const QString &name) const;
    // The IDs of the queries for `name` (any case, any type, UDP and TCP), in arrival order.
    QList<quint16> queryIds(const QString &name) const;
    QByteArray lastQuery() const { return m_lastQuery; }
    quint16 lastSourcePort() const { return m_lastSourcePort; }

private:
    struct Query;

    void readUdp();
    void acceptTcp();
    void readTcp(QTcpSocket *socket);
    bool parse(const QByteArray &wire, Query &query);
    Behaviour behaviourFor(const Query &query) const;
    void answerUdp(const Query &query, const QHostAddress &to, quint16 port);
    void sendUdp(const Query &query, const Behaviour &behaviour, const QHostAddress &to,
                 quint16 port);
    void answerTcp(const Query &query, QTcpSocket *socket);
    void sendTcp(const Query &query, Fault fault, QTcpSocket *socket);
    QByteArray reply(const Query &query, Fault fault) const;
    QList<QByteArray> bogusPackets(const Query &query, Fault fault) const;

    QUdpSocket *m_udp = nullptr;
    QUdpSocket *m_otherUdp = nullptr;
    QTcpServer *m_tcp = nullptr;
    QHostAddress m_address;
    quint16 m_port = 0;
    QHash<QByteArray, QPair<QHostAddress, quint32>> m_records; // lower-cased wire name
    QHash<QByteArray, Behaviour> m_behaviours;
    Behaviour m_default;
    QByteArray m_soaZone; // wire form; empty: no SOA in NXDOMAIN replies
    quint32 m_soaTtl = 0;
    QHash<QByteArray, int> m_queriesByName;
    QHash<QByteArray, QList<quint16>> m_idsByName;
    QHash<QTcpSocket *, QByteArray> m_tcpBuffers;
    int m_udpQueries = 0;
    int m_tcpQueries = 0;
    QByteArray m_lastQuery;
    quint16 m_lastSourcePort = 0;
};

} // namespace Shoal::Test
