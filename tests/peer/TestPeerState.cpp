#include "service/common/Clock.h"
#include "service/peer/GroupAddress.h"
#include "service/peer/NodeId.h"
#include "service/peer/PeerRateLimiter.h"
#include "service/peer/PeerTable.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace Shoal;

namespace {

NodeId node(int n)
{
    QByteArray bytes(NodeId::size, '\0');
    bytes[0] = char(n >> 8);
    bytes[1] = char(n & 0xff);
    bytes[15] = 1;
    return *NodeId::fromBytes(bytes);
}

PeerPresence presence(const char *host = "ws-1")
{
    PeerPresence p;
    p.hostName = QString::fromLatin1(host);
    p.version = QStringLiteral("0.1.0");
    return p;
}

const QHostAddress peerAddress(QStringLiteral("192.0.2.10"));

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void writeFile(const QString &path, const QByteArray &data)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(data);
}

} // namespace

class TestPeerState : public QObject
{
    Q_OBJECT

private slots:
    void groupAddressIsStableAndInRange()
    {
        const QHostAddress lab = GroupAddress::forGroup(QStringLiteral("lab"));
        QCOMPARE(GroupAddress::forGroup(QStringLiteral("lab")), lab);
        QCOMPARE(GroupAddress::forGroup(QStringLiteral("LAB")), lab);
        // Recomputed from the documented rule: SHA-256 of the name, first four bytes, mapped
        // onto 239.255.1.0 - 239.255.254.255.
        const QByteArray digest = QCryptographicHash::hash("lab", QCryptographicHash::Sha256);
        const quint32 value = quint32(quint8(digest[0])) << 24 | quint32(quint8(digest[1])) << 16 |
                              quint32(quint8(digest[2])) << 8 | quint8(digest[3]);
        QCOMPARE(lab.toIPv4Address(), (239u << 24 | 255u << 16) + 256u + value % (254u * 256u));

        QSet<quint32> seen;
        for (int i = 0; i < 2000; ++i) {
            const QHostAddress address = GroupAddress::forGroup(QStringLiteral("g%1").arg(i));
            QVERIFY(address.isMulticast());
            QVERIFY(GroupAddress::isDerivable(address));
            const quint32 ip = address.toIPv4Address();
            QCOMPARE(ip >> 16, 239u << 8 | 255u);
            QVERIFY((ip >> 8 & 0xff) >= 1 && (ip >> 8 & 0xff) <= 254);
            QVERIFY(address != QHostAddress(QStringLiteral("239.255.255.250")));
            seen.insert(ip);
        }
        QVERIFY(seen.size() > 1950); // spread out: few collisions among 2000 names
        QVERIFY(!GroupAddress::isDerivable(QHostAddress(QStringLiteral("239.255.255.250"))));
        QVERIFY(!GroupAddress::isDerivable(QHostAddress(QStringLiteral("239.255.0.1"))));
        QVERIFY(!GroupAddress::isDerivable(QHostAddress(QStringLiteral("::1"))));
        QVERIFY(GroupAddress::defaultPort < 32768);
    }

    void nodeIdPersists()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const NodeId::Loaded first = NodeId::loadOrCreate(dir.path());
        QCOMPARE(first.origin, NodeId::Loaded::Created);
        QVERIFY(first.error.isEmpty());
        QVERIFY(!first.id.isNull());
        const QString path = dir.filePath(QStringLiteral("node-id"));
        QCOMPARE(readFile(path), first.id.toHex() + '\n');

        const NodeId::Loaded second = NodeId::loadOrCreate(dir.path());
        QCOMPARE(second.origin, NodeId::Loaded::Read);
        QCOMPARE(second.id, first.id);

        QTemporaryDir otherDir;
        QVERIFY(NodeId::loadOrCreate(otherDir.path()).id != first.id);
    }

    void corruptNodeIdIsReplaced_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("short") << QByteArray("0123456789abcdef");
        QTest::newRow("not hex") << QByteArray("0123456789abcdef0123456789abcdeg");
        QTest::newRow("all zeros") << QByteArray(32, '0');
        QTest::newRow("binary") << QByteArray("\x00\xff\x7f\x01", 4);
        QTest::newRow("huge") << QByteArray(1 << 20, 'a');
        QTest::newRow("id and garbage") << QByteArray("0123456789abcdef0123456789abcdef x");
    }

    void corruptNodeIdIsReplaced()
    {
        QFETCH(QByteArray, content);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("node-id"));
        writeFile(path, content);
        QTest::ignoreMessage(QtWarningMsg,
                             QRegularExpression(QStringLiteral("node id file corrupt")));
        const NodeId::Loaded loaded = NodeId::loadOrCreate(dir.path());
        QCOMPARE(loaded.origin, NodeId::Loaded::Replaced);
        QVERIFY(!loaded.id.isNull());
        QCOMPARE(readFile(path), loaded.id.toHex() + '\n');
        QCOMPARE(NodeId::loadOrCreate(dir.path()).id, loaded.id);
    }

    void nodeIdAcceptsUpperCaseAndNoNewline()
    {
        QTemporaryDir dir;
        writeFile(dir.filePath(QStringLiteral("node-id")), "0123456789ABCDEF0123456789ABCDEF");
        const NodeId::Loaded loaded = NodeId::loadOrCreate(dir.path());
        QCOMPARE(loaded.origin, NodeId::Loaded::Read);
        QCOMPARE(loaded.id.toHex(), QByteArray("0123456789abcdef0123456789abcdef"));
    }

    void unwritableStateDirStillGivesAnId()
    {
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("node id not saved")));
        const NodeId::Loaded loaded = NodeId::loadOrCreate(QStringLiteral("/nonexistent/state"));
        QVERIFY(!loaded.id.isNull());
        QVERIFY(!loaded.error.isEmpty());
    }

    void nodeIdParsing()
    {
        QVERIFY(!NodeId::fromHex("0123"));
        QVERIFY(!NodeId::fromBytes(QByteArray(15, 'x')));
        QVERIFY(!NodeId::fromBytes(QByteArray(16, '\0')));
        QVERIFY(NodeId::random() != NodeId::random());
    }

    void peersComeAndRefresh()
    {
        ManualClock clock;
        PeerTable table(clock);
        QCOMPARE(
            table.announce(QStringLiteral("lab"), node(1), peerAddress, 15353, presence(), 180),
            PeerTable::Update::Added);
        clock.advanceMs(60'000);
        PeerPresence changed = presence("ws-1");
        changed.upstream = PeerPresence::Upstream::Outage;
        changed.cacheEntries = 7;
        const QHostAddress moved(QStringLiteral("192.0.2.11"));
        QCOMPARE(table.announce(QStringLiteral("lab"), node(1), moved, 15353, changed, 180),
                 PeerTable::Update::Refreshed);
        const Peer *peer = table.find(QStringLiteral("lab"), node(1));
        QVERIFY(peer);
        QCOMPARE(peer->address, moved);
        QCOMPARE(peer->presence.upstream, PeerPresence::Upstream::Outage);
        QCOMPARE(peer->presence.cacheEntries, 7u);
        QCOMPARE(peer->lastSeenMs - peer->firstSeenMs, 60'000);
        QCOMPARE(peer->expiresMs, clock.nowMs() + 180'000);
        QCOMPARE(table.count(QStringLiteral("lab")), 1);
        QCOMPARE(table.count(QStringLiteral("other")), 0);
        QVERIFY(!table.find(QStringLiteral("other"), node(1)));
    }

    void peersExpireAfterThreeMissedAnnouncements()
    {
        ManualClock clock;
        PeerTable table(clock);
        const quint32 interval = 60;
        const quint32 hold = PeerTable::holdSecondsFor(interval);
        QCOMPARE(hold, 180u);
        table.announce(QStringLiteral("lab"), node(1), peerAddress, 1, presence(), hold);
        table.announce(QStringLiteral("lab"), node(2), peerAddress, 1, presence(), hold);
        QCOMPARE(table.nextExpiryMs(), clock.nowMs() + 180'000);

        for (int i = 0; i < 3; ++i) { // node 2 keeps announcing, node 1 is silent
            clock.advanceMs(interval * 1000);
            table.announce(QStringLiteral("lab"), node(2), peerAddress, 1, presence(), hold);
            if (i < 2)
                QVERIFY(table.expire().isEmpty());
        }
        const QList<PeerTable::Expired> expired = table.expire();
        QCOMPARE(expired.size(), 1);
        QCOMPARE(expired[0].group, QStringLiteral("lab"));
        QCOMPARE(expired[0].peer.id, node(1));
        QCOMPARE(table.count(QStringLiteral("lab")), 1);

        clock.advanceMs(180'000);
        QCOMPARE(table.expire().size(), 1);
        QVERIFY(table.groups().isEmpty());
        QCOMPARE(table.nextExpiryMs(), -1);
    }

    void holdTimesAreClamped()
    {
        ManualClock clock;
        PeerTable table(clock);
        table.announce(QStringLiteral("lab"), node(1), peerAddress, 1, presence(), 0);
        table.announce(QStringLiteral("lab"), node(2), peerAddress, 1, presence(), 0xffffffffu);
        QCOMPARE(table.find(QStringLiteral("lab"), node(1))->expiresMs,
                 clock.nowMs() + PeerTable::minHoldSeconds * 1000);
        QCOMPARE(table.find(QStringLiteral("lab"), node(2))->expiresMs,
                 clock.nowMs() + qint64(PeerTable::maxHoldSeconds) * 1000);
        QCOMPARE(PeerTable::holdSecondsFor(0xffffffffu), PeerTable::maxHoldSeconds);
    }

    void goodbyeRemoves()
    {
        ManualClock clock;
        PeerTable table(clock);
        table.announce(QStringLiteral("lab"), node(1), peerAddress, 1, presence(), 180);
        table.announce(QStringLiteral("ops"), node(1), peerAddress, 1, presence(), 180);
        QCOMPARE(table.goodbye(QStringLiteral("lab"), node(1)), PeerTable::Update::Removed);
        QCOMPARE(table.goodbye(QStringLiteral("lab"), node(1)), PeerTable::Update::Unknown);
        QCOMPARE(table.goodbye(QStringLiteral("lab"), node(2)), PeerTable::Update::Unknown);
        QCOMPARE(table.count(QStringLiteral("ops")), 1); // the other group keeps it
        table.removeGroup(QStringLiteral("ops"));
        QVERIFY(table.groups().isEmpty());
    }

    void groupsAreBounded()
    {
        ManualClock clock;
        PeerTable table(clock, 8);
        for (int i = 0; i < 8; ++i)
            QCOMPARE(
                table.announce(QStringLiteral("lab"), node(i), peerAddress, 1, presence(), 180),
                PeerTable::Update::Added);
        QCOMPARE(table.announce(QStringLiteral("lab"), node(100), peerAddress, 1, presence(), 180),
                 PeerTable::Update::Refused);
        QCOMPARE(table.refused(), quint64(1));
        QCOMPARE(table.count(QStringLiteral("lab")), 8);
        // Members already in still refresh; another group has its own room.
        QCOMPARE(table.announce(QStringLiteral("lab"), node(3), peerAddress, 1, presence(), 180),
                 PeerTable::Update::Refreshed);
        QCOMPARE(table.announce(QStringLiteral("ops"), node(100), peerAddress, 1, presence(), 180),
                 PeerTable::Update::Added);
        table.goodbye(QStringLiteral("lab"), node(0));
        QCOMPARE(table.announce(QStringLiteral("lab"), node(100), peerAddress, 1, presence(), 180),
                 PeerTable::Update::Added);
        QCOMPARE(PeerTable(clock).announce(QStringLiteral("x"), node(1), peerAddress, 1, presence(),
                                           180),
                 PeerTable::Update::Added);
    }

    void rateLimiterBurstThenRate()
    {
        PeerRateLimiter limiter({10, 20, 64});
        const QByteArray key = PeerRateLimiter::keyFor(node(1));
        qint64 now = 1'000'000;
        for (int i = 0; i < 20; ++i)
            QVERIFY(limiter.allow(key, now));
        QVERIFY(!limiter.allow(key, now));
        now += 99;
        QVERIFY(!limiter.allow(key, now)); // 0.99 of a token
        now += 1;
        QVERIFY(limiter.allow(key, now)); // 10 per second: one every 100 ms
        QVERIFY(!limiter.allow(key, now));
        // Over a long run the rate holds: 10 s at one try per ms lets 100 through.
        int allowed = 0;
        for (int ms = 1; ms <= 10'000; ++ms)
            allowed += limiter.allow(key, now + ms) ? 1 : 0;
        QCOMPARE(allowed, 100);
        // Idle refills up to the burst, not beyond.
        now += 10'000 + 3'600'000;
        for (int i = 0; i < 20; ++i)
            QVERIFY(limiter.allow(key, now));
        QVERIFY(!limiter.allow(key, now));
    }

    void rateLimiterKeysAreSeparate()
    {
        PeerRateLimiter limiter({1, 1, 64});
        const qint64 now = 5'000;
        QVERIFY(limiter.allow(PeerRateLimiter::keyFor(node(1)), now));
        QVERIFY(!limiter.allow(PeerRateLimiter::keyFor(node(1)), now));
        QVERIFY(limiter.allow(PeerRateLimiter::keyFor(node(2)), now));
        QVERIFY(limiter.allow(PeerRateLimiter::keyFor(peerAddress), now));
        QVERIFY(!limiter.allow(PeerRateLimiter::keyFor(peerAddress), now));
        QVERIFY(limiter.allow(PeerRateLimiter::keyFor(QHostAddress(QStringLiteral("2001:db8::1"))),
                              now));
        QVERIFY(PeerRateLimiter::keyFor(node(1)) != PeerRateLimiter::keyFor(peerAddress));
    }

    void rateLimiterClockStepBack()
    {
        PeerRateLimiter limiter({10, 2, 64});
        const QByteArray key = PeerRateLimiter::keyFor(node(1));
        QVERIFY(limiter.allow(key, 10'000));
        QVERIFY(limiter.allow(key, 10'000));
        QVERIFY(!limiter.allow(key, 5'000)); // time went back: no tokens from it
        QVERIFY(!limiter.allow(key, 10'050));
        QVERIFY(limiter.allow(key, 10'100));
    }

    void rateLimiterIsBounded()
    {
        PeerRateLimiter limiter({10, 5, 16});
        qint64 now = 1'000;
        for (int i = 0; i < 16; ++i)
            QVERIFY(limiter.allow(PeerRateLimiter::keyFor(node(i)), now));
        // Full, and every bucket has been used: a new key waits.
        QVERIFY(!limiter.allow(PeerRateLimiter::keyFor(node(100)), now));
        QVERIFY(!limiter.allow(PeerRateLimiter::keyFor(node(101)), now + 50));
        QCOMPARE(limiter.refusedNewKeys(), quint64(2));
        QCOMPARE(limiter.size(), 16);
        // Once buckets have refilled they are dropped and the newcomer gets in.
        now += 200;
        QVERIFY(limiter.allow(PeerRateLimiter::keyFor(node(100)), now));
        QVERIFY(limiter.size() <= 16);

        // A flood of new source addresses never grows the table.
        for (int i = 0; i < 5000; ++i)
            limiter.allow(PeerRateLimiter::keyFor(QHostAddress(quint32(0xc0000200 + i))), now + i);
        QVERIFY(limiter.size() <= 16);
    }
};

QTEST_GUILESS_MAIN(TestPeerState)
#include "TestPeerState.moc"
