#pragma once

#include "service/dns/Message.h"
#include "service/upstream/ReplyCheck.h"
#include "service/upstream/UpstreamAddress.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QTimer>
#include <cstdint>

class QNetworkDatagram;
class QTcpSocket;
class QUdpSocket;

namespace Shoal {

class Clock;
class UpstreamCounters;

// One attempt: one query to one server. It goes out over a fresh UDP socket bound to port 0
// (the kernel picks a random source port) and waits for a reply that passes ReplyCheck from
// the exact address and port asked; anything else is dropped, counted, and waiting goes on.
// A truncated reply is asked again over TCP (2-byte length framing) on a deadline of its own.
// `finished()` is emitted exactly once, never from inside start().
class UpstreamExchange : public QObject
{
    Q_OBJECT

public:
    struct Setup
    {
        UpstreamAddress server;
        QByteArray query; // complete wire query
        ReplyCheck::Expected expected;
        int udpTimeoutMs = 400;
        int tcpTimeoutMs = 1500; // connect plus answer
    };

    struct Outcome
    {
        enum class Kind : std::uint8_t
        {
            Reply,
            Timeout,
            NetworkError
        };
        Kind kind = Kind::Timeout;
        QByteArray wire;
        Dns::Message parsed;
        qint64 rttMs = -1; // UDP send to the first valid reply (truncated or not)
        bool overTcp = false;
        QString error;
    };

    UpstreamExchange(Setup setup, UpstreamCounters &counters, const Clock &clock,
                     QObject *parent = nullptr);
    ~UpstreamExchange() override;

    void start();
    const Outcome &outcome() const { return m_outcome; }
    const UpstreamAddress &server() const { return m_setup.server; }

signals:
    void finished();

private:
    void readUdp();
    void handleDatagram(const QNetworkDatagram &datagram);
    void switchToTcp();
    void sendTcp();
    void readTcp();
    void handleTcpReply(QByteArrayView reply);
    void onTcpError();
    void onTimeout();
    void succeed(QByteArray wire, Dns::Message parsed);
    void fail(Outcome::Kind kind, const QString &error);
    void failLater(const QString &error);
    void closeSockets();

    Setup m_setup;
    UpstreamCounters &m_counters;
    const Clock &m_clock;
    QUdpSocket *m_udp = nullptr;
    QTcpSocket *m_tcp = nullptr;
    QByteArray m_tcpBuffer;
    QTimer m_timer;
    QElapsedTimer m_sentAt;
    Outcome m_outcome;
    bool m_done = false;
};

} // namespace Shoal
