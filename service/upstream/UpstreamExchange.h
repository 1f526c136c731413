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
// A truncated reply is asked again over TCP (2-byte length framing) on a timeout of its own.
//
// The timeout does not end the attempt: `timedOut()` tells the owner it may try elsewhere, and
// the exchange keeps listening, because a recursive server often answers a cold name later
// than its usual round trip. It ends with `finished()` (a valid reply, or a network error:
// emitted at most once, never from inside start()) or when the owner calls stop().
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
            NetworkError
        };
        Kind kind = Kind::NetworkError; // read only after finished()
        QByteArray wire;
        Dns::Message parsed;
        qint64 rttMs = -1; // UDP send to the first valid reply (truncated or not)
        bool overTcp = false;
        bool late = false; // the reply came after timedOut()
        QString error;
    };

    UpstreamExchange(Setup setup, UpstreamCounters &counters, const Clock &clock,
                     QObject *parent = nullptr);
    ~UpstreamExchange() override;

    void start();
    // Stops listening and closes the sockets; no signal follows.
    void stop();
    const Outcome &outcome() const { return m_outcome; }
    const UpstreamAddress &server() const { return m_setup.server; }
    // Whether the timeout passed without a valid reply (timedOut() was emitted).
    bool isOverdue() const { return m_overdue; }
    // What waiting gave so far, in plain words: "no answer within N ms" (N: time since the
    // query went out), or "no TCP answer within N ms" once asked over TCP.
    QString silenceText() const;

signals:
    // The timeout passed without a valid reply; the exchange goes on listening. At most once.
    void timedOut();
    // A valid reply or a network error; see outcome(). At most once.
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
    QElapsedTimer m_tcpStartedAt;
    Outcome m_outcome;
    bool m_done = false;
    bool m_overdue = false;
};

} // namespace Shoal
