#include "PeerTestSupport.h"
#include "service/cache/Cache.h"
#include "service/cache/StoredAnswer.h"
#include "service/common/Counters.h"
#include "service/dns/MessageBuilder.h"
#include "service/peer/GroupStore.h"
#include "service/peer/PeerAnswerCodec.h"
#include "service/peer/Peering.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUdpSocket>

using namespace Shoal;
using namespace Shoal::Test;

namespace {

quint16 freePort()
{
    QUdpSocket probe;
    probe.bind(QHostAddress::AnyIPv4, 0);
    return probe.localPort();
}

// One member: its own cache, counters and state directory, on loopback.
struct Node
{
    Node(const ManualClock &clock, quint16 port, const QString &host, int answerDelayMs = 50,
         QStringList privateDomains = {})
        : cache(CacheLimits{}, counters, clock)
        , peering(cache, nullptr, clock, counters,
                  options(port, host, answerDelayMs, privateDomains))
    {}

    PeeringOptions options(quint16 port, const QString &host, int answerDelayMs,
                           const QStringList &privateDomains) const
    {
        PeeringOptions o;
        o.stateDir = state.path();
        o.interfaceName = u"lo"_qs;
        o.defaultPort = port;
        o.hostName = host;
        o.version = u"0.1.0"_qs;
        o.privateDomains = privateDomains;
        o.answerDelayMinMs = answerDelayMs;
        o.answerDelayMaxMs = answerDelayMs;
        o.urgentAnswerDelayMinMs = urgentAnswerDelayMs;
        o.urgentAnswerDelayMaxMs = urgentAnswerDelayMs;
        o.newcomerAnnounceGapMs = 0;
        return o;
    }

    static constexpr int urgentAnswerDelayMs = 5;

    quint64 count(const char *name) const { return counters.value(QString::fromLatin1(name)); }

    // Stores an upstream answer for `name` as the resolver would, and returns the entry.
    const StoredAnswer *cacheUpstream(const char *name, const char *address, qint64 nowMs,
                                      quint32 ttl = 300)
    {
        const PeerMessage reply = PeerMessage::share(
            NodeId::random(), question(name), Dns::Rcode::NoError, {aRecord(name, address, ttl)});
        const QByteArray wire = PeerAnswerCodec::toResponse(reply, 86400);
        std::optional<StoredAnswer> stored = StoredAnswer::fromReply(
            Dns::Message::parse(wire), wire, nowMs, cache.limits(), AnswerSource::upstream());
        const QByteArray key = stored->key().toByteArray();
        cache.insert(key, std::move(*stored));
        return cache.find(key);
    }

    const StoredAnswer *cached(const char *name) const
    {
        return cache.find(Dns::cacheKey(wireName(name), 1, 1));
    }

    QTemporaryDir state;
    Counters counters;
    Cache cache;
    Peering peering;
};

QString writeLabKey(const QTemporaryDir &dir)
{
    const QString path = dir.filePath(u"lab.key"_qs);
    QFile file(path);
    if (file.open(QIODevice::WriteOnly))
        file.write(GroupStore::keyFileText(labKey()));
    return path;
}

GroupConfig labGroup(const QString &keyFile)
{
    GroupConfig config;
    config.name = u"lab"_qs;
    config.keyFile = keyFile;
    return config;
}

GroupConfig openGroup()
{
    GroupConfig config;
    config.name = u"cafe"_qs;
    config.open = true;
    return config;
}

// The A record's address in a response, or empty.
QString firstAddress(const QByteArray &response)
{
    const Dns::Message parsed = Dns::Message::parse(response);
    for (const Dns::Record &record : parsed.answers) {
        if (record.type == 1 && record.rdataLength == 4)
            return QHostAddress(Dns::readU32(reinterpret_cast<const std::uint8_t *>(
                                    response.constData() + record.rdataOffset)))
                .toString();
    }
    return {};
}

} // namespace

// Peering with real sockets: members on loopback multicast in one process, each with its own
// cache and counters, sharing a ManualClock so that answer delays, ask timeouts and expiry are
// driven by moving it (processDueWork()), not by sleeping. QTRY_* only waits for datagrams.
class TestPeering : public QObject
{
    Q_OBJECT

private:
    ManualClock m_clock;
    QTemporaryDir m_keys;
    quint16 m_port = 0;
    QString m_keyFile;

    // Nodes joined to `group`, each knowing all the others.
    void joinAll(const QList<Node *> &nodes, const GroupConfig &group)
    {
        for (Node *node : nodes)
            QCOMPARE(node->peering.join(group), QString());
        for (Node *node : nodes)
            QTRY_COMPARE(node->peering.peers().size(), int(nodes.size() - 1));
    }

    void advance(qint64 ms, const QList<Node *> &nodes)
    {
        m_clock.advanceMs(ms);
        for (Node *node : nodes)
            node->peering.processDueWork();
    }

private slots:
    void init()
    {
        m_port = freePort();
        m_keyFile = writeLabKey(m_keys);
    }

    void membersFindEachOther()
    {
        Node a(m_clock, m_port, u"node-a"_qs), b(m_clock, m_port, u"node-b"_qs);
        QSignalSpy came(&a.peering, &Peering::peerCame);
        joinAll({&a, &b}, labGroup(m_keyFile));
        QCOMPARE(came.size(), 1);
        QCOMPARE(came.front().at(2).toString(), u"node-b"_qs);
        const Control::Peer peer = a.peering.peers().front();
        QCOMPARE(peer.group, u"lab"_qs);
        QCOMPARE(peer.nodeId, QString::fromLatin1(b.peering.nodeId().toHex()));
        QVERIFY(peer.upstreamUp);
        const Control::Group group = a.peering.groups().front();
        QCOMPARE(group.memberCount, 1);
        QVERIFY(group.keyed);
        QCOMPARE(group.port, int(m_port));
        QVERIFY(a.peering.canAsk());
    }

    void askIsAnsweredByTheMemberThatHoldsTheName()
    {
        Node a(m_clock, m_port, u"node-a"_qs), b(m_clock, m_port, u"node-b"_qs);
        joinAll({&a, &b}, labGroup(m_keyFile));
        b.cacheUpstream("www.lab.test", "192.0.2.10", m_clock.nowMs());

        QList<PeerAnswer> answers;
        const quint64 id = a.peering.ask(wireName("www.lab.test"), 1, 1,
                                         [&](const PeerAnswer &answer) { answers.append(answer); });
        QVERIFY(id != 0);
        QVERIFY(answers.isEmpty()); // never from inside ask()
        QTRY_COMPARE(b.count("peer.asks.received"), quint64(1));
        advance(50, {&a, &b});
        QTRY_COMPARE(answers.size(), 1);
        QCOMPARE(firstAddress(answers.front().wire), u"192.0.2.10"_qs);
        QCOMPARE(answers.front().peerId, QString::fromLatin1(b.peering.nodeId().toHex()));
        const Dns::Message parsed = Dns::Message::parse(answers.front().wire);
        QVERIFY(parsed.ok());
        QVERIFY(StoredAnswer::fromReply(parsed, answers.front().wire, m_clock.nowMs(),
                                        CacheLimits{}, AnswerSource::peer(answers.front().peerId)));
        QCOMPARE(a.count("peer.answers.accepted"), quint64(1));
        QCOMPARE(b.count("peer.answers.sent"), quint64(1));
    }

    void staleEntriesAreAnsweredWithShortTtl()
    {
        Node a(m_clock, m_port, u"node-a"_qs), b(m_clock, m_port, u"node-b"_qs);
        joinAll({&a, &b}, labGroup(m_keyFile));
        b.cacheUpstream("old.lab.test", "192.0.2.11", m_clock.nowMs(), 60);
        advance(120'000, {&a, &b}); // expired, still within the stale limit
        QList<PeerAnswer> answers;
        a.peering.ask(wireName("old.lab.test"), 1, 1,
                      [&](const PeerAnswer &x) { answers.append(x); });
        QTRY_COMPARE(b.count("peer.asks.received"), quint64(1));
        advance(50, {&a, &b});
        QTRY_COMPARE(answers.size(), 1);
        const Dns::Message parsed = Dns::Message::parse(answers.front().wire);
        QCOMPARE(parsed.answers.front().ttl, quint32(30));
    }

    void suppressionKeepsOneAnswerPerQuestion()
    {
        Node a(m_clock, m_port, u"node-a"_qs), b(m_clock, m_port, u"node-b"_qs, 20),
            c(m_clock, m_port, u"node-c"_qs, 100);
        joinAll({&a, &b, &c}, labGroup(m_keyFile));
        b.cacheUpstream("www.lab.test", "192.0.2.10", m_clock.nowMs());
        c.cacheUpstream("www.lab.test", "192.0.2.10", m_clock.nowMs());
        int answered = 0;
        a.peering.ask(wireName("www.lab.test"), 1, 1, [&](const PeerAnswer &) { ++answered; });
        QTRY_COMPARE(b.count("peer.asks.received") + c.count("peer.asks.received"), quint64(2));
        advance(20, {&a, &b, &c});
        QTRY_COMPARE(answered, 1);
        QTRY_COMPARE(c.count("peer.answers.suppressed"), quint64(1));
        advance(100, {&a, &b, &c});
        QCOMPARE(c.count("peer.answers.sent"), quint64(0));
        QCOMPARE(b.count("peer.answers.sent"), quint64(1));
        // C learned B's answer as well? It holds its own upstream entry, which stays.
        QVERIFY(!c.cached("www.lab.test")->isFromPeer());
    }

    void askTimesOutWhenNobodyKnows()
    {
        Node a(m_clock, m_port, u"node-a"_qs), b(m_clock, m_port, u"node-b"_qs);
        joinAll({&a, &b}, labGroup(m_keyFile));
        bool called = false;
        a.peering.ask(wireName("nobody.lab.test"), 1, 1,
                      [&](const PeerAnswer &) { called = true; });
        QTRY_COMPARE(b.count("peer.asks.received"), quint64(1));
        advance(200, {&a, &b});
        QCOMPARE(b.count("peer.answers.sent"), quint64(0));
        advance(2000, {&a, &b});
        QCOMPARE(a.count("peer.asks.timed-out"), quint64(1));
        QVERIFY(!called);
    }

    void shareReachesMembersButNeverDisplacesFreshUpstream()
    {
        Node a(m_clock, m_port, u"node-a"_qs), b(m_clock, m_port, u"node-b"_qs),
            c(m_clock, m_port, u"node-c"_qs);
        joinAll({&a, &b, &c}, labGroup(m_keyFile));
        c.cacheUpstream("www.lab.test", "192.0.2.99", m_clock.nowMs(), 100);
        a.peering.share(*a.cacheUpstream("www.lab.test", "192.0.2.10", m_clock.nowMs(), 600));
        QCOMPARE(a.count("peer.shares.sent"), quint64(1));
        QTRY_VERIFY(b.cached("www.lab.test"));
        QVERIFY(b.cached("www.lab.test")->isFromPeer());
        QCOMPARE(b.cached("www.lab.test")->source().peerId,
                 QString::fromLatin1(a.peering.nodeId().toHex()));
        QCOMPARE(b.count("peer.shares.accepted"), quint64(1));
        QTRY_COMPARE(c.count("peer.learn.refused"), quint64(1));
        QVERIFY(!c.cached("www.lab.test")->isFromPeer());

        b.peering.share(*b.cached("www.lab.test")); // learned from a peer: never passed on
        QCOMPARE(b.count("peer.shares.sent"), quint64(0));
    }

    void openGroupAnswersOnlyWhatWasAsked()
    {
        Node a(m_clock, m_port, u"node-a"_qs), b(m_clock, m_port, u"node-b"_qs);
        joinAll({&a, &b}, openGroup());
        QVERIFY(!a.peering.groups().front().keyed);
        b.peering.share(*b.cacheUpstream("www.lab.test", "192.0.2.10", m_clock.nowMs()));
        QCOMPARE(b.count("peer.shares.sent"), quint64(0));

        QList<PeerAnswer> answers;
        a.peering.ask(wireName("www.lab.test"), 1, 1,
                      [&](const PeerAnswer &x) { answers.append(x); });
        QTRY_COMPARE(b.count("peer.asks.received"), quint64(1));
        advance(50, {&a, &b});
        QTRY_COMPARE(answers.size(), 1);
    }

    void peerRecordsAreNotPassedOnToOpenGroups()
    {
        Node a(m_clock, m_port, u"node-a"_qs), b(m_clock, m_port, u"node-b"_qs);
        joinAll({&a, &b}, openGroup());
        const PeerMessage reply =
            PeerMessage::share(NodeId::random(), question("www.lab.test"), Dns::Rcode::NoError,
                               {aRecord("www.lab.test")});
        const QByteArray wire = PeerAnswerCodec::toResponse(reply, 86400);
        b.cache.insert(Dns::cacheKey(wireName("www.lab.test"), 1, 1),
                       *StoredAnswer::fromReply(Dns::Message::parse(wire), wire, m_clock.nowMs(),
                                                CacheLimits{}, AnswerSource::peer(u"ab"_qs)));
        bool called = false;
        a.peering.ask(wireName("www.lab.test"), 1, 1, [&](const PeerAnswer &) { called = true; });
        QTRY_COMPARE(b.count("peer.asks.received"), quint64(1));
        advance(200, {&a, &b});
        QCOMPARE(b.count("peer.answers.sent"), quint64(0));
        QVERIFY(!called);
    }

    void privateNamesNeverLeave()
    {
        const QStringList privateDomains{u"corp.test"_qs};
        Node a(m_clock, m_port, u"node-a"_qs, 50, privateDomains),
            b(m_clock, m_port, u"node-b"_qs, 50, privateDomains), c(m_clock, m_port, u"node-c"_qs);
        joinAll({&a, &b, &c}, labGroup(m_keyFile));
        QCOMPARE(a.peering.ask(wireName("intranet.corp.test"), 1, 1, [](const PeerAnswer &) {}),
                 quint64(0));
        QCOMPARE(a.count("peer.asks.sent"), quint64(0));

        b.peering.share(*b.cacheUpstream("intranet.corp.test", "192.0.2.50", m_clock.nowMs()));
        QCOMPARE(b.count("peer.shares.sent"), quint64(0));

        c.peering.ask(wireName("intranet.corp.test"), 1, 1, [](const PeerAnswer &) {});
        QTRY_COMPARE(b.count("peer.asks.received"), quint64(1));
        advance(200, {&a, &b, &c});
        QCOMPARE(b.count("peer.answers.sent"), quint64(0));
    }

    void outageIsAnnouncedAtOnce()
    {
        Node a(m_clock, m_port, u"node-a"_qs), b(m_clock, m_port, u"node-b"_qs);
        joinAll({&a, &b}, labGroup(m_keyFile));
        a.peering.setUpstreamOutage(true);
        QTRY_VERIFY(!b.peering.peers().front().upstreamUp);
        a.peering.setUpstreamOutage(false);
        QTRY_VERIFY(b.peering.peers().front().upstreamUp);
    }

    // A member that announced an outage has a client waiting with no upstream answer coming:
    // holders answer it in the short window, others' Asks in the normal one.
    void askOfAMemberInOutageIsAnsweredSooner()
    {
        Node a(m_clock, m_port, u"node-a"_qs), b(m_clock, m_port, u"node-b"_qs);
        joinAll({&a, &b}, labGroup(m_keyFile));
        b.cacheUpstream("www.lab.test", "192.0.2.10", m_clock.nowMs());

        QList<PeerAnswer> answers;
        const auto collect = [&](const PeerAnswer &answer) {
            answers.append(answer);
        };
        a.peering.ask(wireName("www.lab.test"), 1, 1, collect);
        QTRY_COMPARE(b.count("peer.asks.received"), quint64(1));
        advance(Node::urgentAnswerDelayMs, {&a, &b});
        QCOMPARE(b.count("peer.answers.sent"), quint64(0));
        advance(50, {&a, &b});
        QTRY_COMPARE(answers.size(), 1);
        QCOMPARE(b.count("peer.answers.urgent"), quint64(0));

        a.peering.setUpstreamOutage(true);
        QTRY_VERIFY(!b.peering.peers().front().upstreamUp);
        a.peering.ask(wireName("www.lab.test"), 1, 1, collect);
        QTRY_COMPARE(b.count("peer.asks.received"), quint64(2));
        advance(Node::urgentAnswerDelayMs, {&a, &b});
        QCOMPARE(b.count("peer.answers.sent"), quint64(2));
        QCOMPARE(b.count("peer.answers.urgent"), quint64(1));
        QTRY_COMPARE(answers.size(), 2);
        QCOMPARE(firstAddress(answers.back().wire), u"192.0.2.10"_qs);
    }

    void goodbyeAndExpiry()
    {
        Node a(m_clock, m_port, u"node-a"_qs), b(m_clock, m_port, u"node-b"_qs),
            c(m_clock, m_port, u"node-c"_qs);
        joinAll({&a, &b, &c}, labGroup(m_keyFile));
        QSignalSpy went(&a.peering, &Peering::peerWent);
        QCOMPARE(b.peering.leave(u"lab"_qs), QString());
        QTRY_COMPARE(went.size(), 1);
        QCOMPARE(went.front().at(2).toString(), u"node-b"_qs);
        QCOMPARE(a.peering.peers().size(), 1);
        // C falls silent: three announcement intervals later it is gone.
        m_clock.advanceMs(181'000);
        a.peering.processDueWork();
        QCOMPARE(went.size(), 2);
        QVERIFY(a.peering.peers().isEmpty());
        QVERIFY(!a.peering.canAsk());
    }

    void runtimeGroupsAreRememberedWithTheirKeys()
    {
        QTemporaryDir state;
        PeeringOptions options;
        options.stateDir = state.path();
        options.interfaceName = u"lo"_qs;
        options.defaultPort = m_port;
        Counters counters;
        Cache cache(CacheLimits{}, counters, m_clock);
        Control::JoinRequest request;
        request.name = u"lab"_qs;
        request.passphrase = u"correct horse battery staple"_qs;
        {
            Peering peering(cache, nullptr, m_clock, counters, options);
            QSignalSpy joined(&peering, &Peering::groupJoined);
            QCOMPARE(peering.join(request), QString());
            QCOMPARE(joined.size(), 1);
            QVERIFY(peering.join(request).contains(u"already a member"_qs));
        }
        const QString keyPath = state.filePath(u"groups/lab.key"_qs);
        QVERIFY(QFile::exists(keyPath));
        {
            Peering peering(cache, nullptr, m_clock, counters, options);
            peering.start({});
            QCOMPARE(peering.groups().size(), 1);
            QCOMPARE(peering.groups().front().name, u"lab"_qs);
            QCOMPARE(peering.leave(u"lab"_qs), QString());
            QVERIFY(peering.leave(u"lab"_qs).contains(u"not a member"_qs));
        }
        QVERIFY(!QFile::exists(keyPath));
        Peering peering(cache, nullptr, m_clock, counters, options);
        peering.start({});
        QVERIFY(peering.groups().isEmpty());
    }

    void unicastQueriesAreAnsweredOnlyWhenSigned()
    {
        Node a(m_clock, m_port, u"node-a"_qs);
        QCOMPARE(a.peering.join(labGroup(m_keyFile)), QString());
        a.cacheUpstream("www.lab.test", "192.0.2.10", m_clock.nowMs());
        QUdpSocket client;
        client.bind(QHostAddress::LocalHost, 0);
        const auto exchange = [&](const QByteArray &query) {
            client.writeDatagram(query, QHostAddress::LocalHost, m_port);
            if (!QTest::qWaitFor([&] { return client.hasPendingDatagrams(); }, 5000))
                return QByteArray();
            QByteArray reply(int(client.pendingDatagramSize()), '\0');
            client.readDatagram(reply.data(), reply.size());
            return reply;
        };
        const QByteArray plain =
            Dns::MessageBuilder::query(0x2345, wireName("www.lab.test"), 1, 1, {});

        QByteArray signedQuery = plain;
        const QByteArray mac = Tsig(m_clock).sign(signedQuery, labKey());
        const QByteArray reply = exchange(signedQuery);
        QCOMPARE(Tsig(m_clock).verify(reply, labKey(), mac).result, Tsig::Result::Ok);
        QCOMPARE(firstAddress(reply), u"192.0.2.10"_qs);

        QCOMPARE(Dns::Message::parse(exchange(plain)).header.rcode(),
                 std::uint8_t(Dns::Rcode::Refused));
        QByteArray forged = plain;
        Tsig(m_clock).sign(forged, labKey("not the group's secret, 32 bytes"));
        const Dns::Message refused = Dns::Message::parse(exchange(forged));
        QCOMPARE(refused.header.rcode(), std::uint8_t(9)); // NOTAUTH
        QVERIFY(refused.answers.empty());
        QCOMPARE(a.count("peer.unicast.answered"), quint64(1));
        QCOMPARE(a.count("peer.unicast.tsig-failed"), quint64(2));
    }
};

QTEST_GUILESS_MAIN(TestPeering)
#include "TestPeering.moc"
