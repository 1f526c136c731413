#include <QTcpSocket>
#include <QTest>
#include <QUdpSocket>

#include "service/cache/Cache.h"
#include "service/common/Clock.h"
#include "service/common/Counters.h"
#include "service/dns/DnsName.h"
#include "service/dns/Message.h"
#include "service/dns/MessageBuilder.h"
#include "service/resolver/Resolver.h"
#include "service/server/StubServer.h"
#include "service/upstream/Forwarder.h"
#include "tests/support/FakeUpstream.h"

using namespace Shoal;

namespace {

QByteArray query(const QString &name, quint16 id)
{
    return Dns::MessageBuilder::query(id, *Dns::nameFromText(name), 1, 1, {});
}

QByteArray framed(const QByteArray &message)
{
    return QByteArray(1, char(message.size() >> 8)) + char(message.size() & 0xff) + message;
}

// A stub server on a free loopback port, over a real resolver, cache and forwarder that ask a
// fake upstream.
struct Rig
{
    explicit Rig(TcpLimits limits = {})
        : cache(CacheLimits{}, counters, clock)
    {
        upstream.start();
        upstream.addRecord(u"host.lab.test"_qs, QHostAddress(u"192.0.2.1"_qs), 300);
        forwarder = std::make_unique<Forwarder>(
            QList<UpstreamAddress>{{upstream.address(), upstream.port()}}, clock, counters);
        resolver = std::make_unique<Resolver>(cache, *forwarder, clock, counters, ResolverOptions{});
        server = std::make_unique<StubServer>(*resolver, counters, clock, ClientFilter(), limits);
        QString error;
        listening = server->listen({{QHostAddress::LocalHost, 0}}, &error);
        port = listening ? server->boundEndpoints().front().second : 0;
    }

    QByteArray askUdp(const QByteArray &message)
    {
        QUdpSocket socket;
        socket.writeDatagram(message, QHostAddress::LocalHost, port);
        if (!QTest::qWaitFor([&] { return socket.hasPendingDatagrams(); }, 5000))
            return {};
        QByteArray reply(int(socket.pendingDatagramSize()), '\0');
        socket.readDatagram(reply.data(), reply.size());
        return reply;
    }

    ManualClock clock;
    Counters counters;
    Cache cache;
    Test::FakeUpstream upstream;
    std::unique_ptr<Forwarder> forwarder;
    std::unique_ptr<Resolver> resolver;
    std::unique_ptr<StubServer> server;
    bool listening = false;
    quint16 port = 0;
};

// Reads length-prefixed messages until `count` arrived or the peer closed.
QList<QByteArray> readFramed(QTcpSocket &socket, int count)
{
    QList<QByteArray> messages;
    QByteArray buffer;
    [[maybe_unused]] const bool done = QTest::qWaitFor([&] {
        buffer += socket.readAll();
        while (buffer.size() >= 2) {
            const int length = (std::uint8_t(buffer[0]) << 8) | std::uint8_t(buffer[1]);
            if (buffer.size() < 2 + length)
                break;
            messages.append(buffer.mid(2, length));
            buffer.remove(0, 2 + length);
        }
        return messages.size() >= count || socket.state() != QAbstractSocket::ConnectedState;
    }, 5000);
    return messages;
}

} // namespace

class TestStubServer : public QObject
{
    Q_OBJECT

private slots:
    void udpQueryIsAnsweredThenCached()
    {
        Rig rig;
        QVERIFY(rig.listening);
        const Dns::Message first = Dns::Message::parse(rig.askUdp(query(u"host.lab.test"_qs, 1)));
        QVERIFY(first.ok());
        QCOMPARE(first.header.id, 1);
        QCOMPARE(first.answers.size(), std::size_t(1));
        const Dns::Message second = Dns::Message::parse(rig.askUdp(query(u"HOST.lab.test"_qs, 2)));
        QCOMPARE(second.header.id, 2);
        QCOMPARE(rig.upstream.queriesReceived(), 1);
        QCOMPARE(rig.counters.value(u"dns.answers.cache"_qs), 1u);
    }

    void udpMalformedQueryGetsFormErr()
    {
        Rig rig;
        const QByteArray loop = QByteArray::fromHex("abcd01000001000000000000c00c00010001");
        const Dns::Message reply = Dns::Message::parse(rig.askUdp(loop));
        QCOMPARE(reply.header.id, 0xabcd);
        QCOMPARE(reply.header.rcode(), std::uint8_t(Dns::Rcode::FormErr));
        QCOMPARE(rig.counters.value(u"dns.formerr.bad-pointer"_qs), 1u);
    }

    void tcpPipelinedQueriesAreAllAnswered()
    {
        Rig rig;
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, rig.port);
        QVERIFY(socket.waitForConnected(5000));
        socket.write(framed(query(u"host.lab.test"_qs, 7)) + framed(query(u"host.lab.test"_qs, 8)));
        const QList<QByteArray> replies = readFramed(socket, 2);
        QCOMPARE(replies.size(), 2);
        QList<int> ids;
        for (const QByteArray &reply : replies)
            ids.append(Dns::Message::parse(reply).header.id);
        std::sort(ids.begin(), ids.end());
        QCOMPARE(ids, (QList<int>{7, 8}));
    }

    void tcpGarbageClosesTheConnection()
    {
        Rig rig;
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, rig.port);
        QVERIFY(socket.waitForConnected(5000));
        socket.write(framed(QByteArray("xyz")));
        QTRY_COMPARE_WITH_TIMEOUT(socket.state(), QAbstractSocket::UnconnectedState, 5000);
        QCOMPARE(rig.counters.value(u"dns.dropped.short"_qs), 1u);
        // The server carries on for everyone else.
        QVERIFY(Dns::Message::parse(rig.askUdp(query(u"host.lab.test"_qs, 3))).ok());
    }

    void silentTcpClientIsClosed()
    {
        TcpLimits limits;
        limits.idleTimeoutMs = 100;
        Rig rig(limits);
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, rig.port);
        QVERIFY(socket.waitForConnected(5000));
        socket.write(QByteArray::fromHex("0040")); // a length, then nothing
        QTRY_COMPARE_WITH_TIMEOUT(socket.state(), QAbstractSocket::UnconnectedState, 5000);
        QCOMPARE(rig.counters.value(u"dns.tcp.idle-closed"_qs), 1u);
    }

    void tcpClientsBeyondTheLimitAreRefused()
    {
        TcpLimits limits;
        limits.maxClients = 2;
        Rig rig(limits);
        QTcpSocket first, second, third;
        for (QTcpSocket *socket : {&first, &second}) {
            socket->connectToHost(QHostAddress::LocalHost, rig.port);
            QVERIFY(socket->waitForConnected(5000));
        }
        third.connectToHost(QHostAddress::LocalHost, rig.port);
        QTRY_COMPARE_WITH_TIMEOUT(third.state(), QAbstractSocket::UnconnectedState, 5000);
        QCOMPARE(rig.counters.value(u"dns.tcp.refused-busy"_qs), 1u);
        // The first two still work.
        first.write(framed(query(u"host.lab.test"_qs, 9)));
        QCOMPARE(readFramed(first, 1).size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestStubServer)
#include "TestStubServer.moc"
