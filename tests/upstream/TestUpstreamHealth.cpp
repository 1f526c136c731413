#include "service/dns/DnsName.h"
#include "service/dns/MessageBuilder.h"
#include "service/upstream/OutageTracker.h"
#include "service/upstream/ReplyCheck.h"
#include "service/upstream/UpstreamHealth.h"

#include <QTest>

using namespace Shoal;

namespace {

constexpr qint64 t0 = 1'700'000'000'000;

QByteArray name(const char *text)
{
    return *Dns::nameFromText(QString::fromLatin1(text));
}

// A reply to `query` as a server would send it: the query with QR and RA set.
QByteArray replyTo(QByteArray query)
{
    query[2] = char(quint8(query[2]) | 0x80);
    query[3] = char(quint8(query[3]) | 0x80);
    return query;
}

ReplyCheck::Expected expected(quint16 id)
{
    return {id, name("host.example.test"), quint16(Dns::Type::A), quint16(Dns::Class::IN)};
}

QByteArray queryFor(quint16 id, const char *text, Dns::Type type = Dns::Type::A)
{
    return Dns::MessageBuilder::query(id, name(text), quint16(type), quint16(Dns::Class::IN), {});
}

} // namespace

class TestUpstreamHealth : public QObject
{
    Q_OBJECT

private slots:
    void initialEstimates()
    {
        const UpstreamHealth health;
        QVERIFY(!health.hasRttSample());
        QCOMPARE(health.timeoutMs(), 800);
        QCOMPARE(health.hedgeDelayMs(), 200);
        QCOMPARE(health.rankingRttMs(), 200.0);
        QVERIFY(health.isUp());
        QCOMPARE(health.lastSuccessMs(), 0);
    }

    void rttFollowsRfc6298()
    {
        UpstreamHealth health;
        health.recordSuccess(100, t0);
        QCOMPARE(health.srttMs(), 100.0);
        QCOMPARE(health.rttvarMs(), 50.0);
        QCOMPARE(health.timeoutMs(), 400);    // 100 + 4 * 50 = 300, raised to the minimum
        QCOMPARE(health.hedgeDelayMs(), 200); // 100 + 2 * 50

        health.recordSuccess(20, t0 + 1);
        QCOMPARE(health.rttvarMs(), 57.5);    // 3/4 * 50 + 1/4 * |100 - 20|
        QCOMPARE(health.srttMs(), 90.0);      // 7/8 * 100 + 1/8 * 20
        QCOMPARE(health.timeoutMs(), 400);    // 90 + 230 = 320, raised to the minimum
        QCOMPARE(health.hedgeDelayMs(), 205); // 90 + 115
        QCOMPARE(health.lastSuccessMs(), t0 + 1);
        QCOMPARE(health.answers(), quint64(2));

        // A cold name answered late by a recursive server: the timeout follows it up.
        health.recordSuccess(650, t0 + 2);
        QCOMPARE(health.rttvarMs(), 183.125); // 3/4 * 57.5 + 1/4 * |90 - 650|
        QCOMPARE(health.srttMs(), 160.0);     // 7/8 * 90 + 1/8 * 650
        QCOMPARE(health.timeoutMs(), 893);    // 160 + 732.5, rounded up
        QCOMPARE(health.hedgeDelayMs(), 250); // 160 + 366.25, clamped
    }

    void timeoutsAndHedgeAreClamped()
    {
        UpstreamHealth fast;
        for (int i = 0; i < 50; ++i)
            fast.recordSuccess(1, t0);
        QCOMPARE(fast.timeoutMs(), 400);
        QCOMPARE(fast.hedgeDelayMs(), 30);

        UpstreamHealth slow;
        slow.recordSuccess(5000, t0);
        QCOMPARE(slow.timeoutMs(), 2000);
        QCOMPARE(slow.hedgeDelayMs(), 250);

        UpstreamHealth clockJumped;
        clockJumped.recordSuccess(-30, t0); // a negative sample counts as 0
        QCOMPARE(clockJumped.srttMs(), 0.0);
    }

    void threeFailuresMakeADownServer()
    {
        UpstreamHealth health;
        health.recordSuccess(10, t0);
        health.recordFailure(t0 + 1);
        health.recordFailure(t0 + 2);
        QVERIFY(health.isUp());
        health.recordFailure(t0 + 3);
        QVERIFY(!health.isUp());
        QCOMPARE(health.consecutiveFailures(), 3);
        QCOMPARE(health.lastFailureMs(), t0 + 3);
        QCOMPARE(health.srttMs(), 10.0); // failures leave the RTT alone

        health.recordSuccess(12, t0 + 4);
        QVERIFY(health.isUp());
        QCOMPARE(health.consecutiveFailures(), 0);
    }

    void errorRepliesChangeNeitherFailuresNorRtt()
    {
        UpstreamHealth health;
        health.recordFailure(t0);
        health.recordErrorReply();
        QCOMPARE(health.consecutiveFailures(), 1);
        QVERIFY(!health.hasRttSample());
        QCOMPARE(health.answers(), quint64(1));
    }

    void outageIsEnteredAndLeftOnce()
    {
        OutageTracker outage(30'000, 300'000);
        QVERIFY(!outage.update(false, t0));
        QVERIFY(outage.update(true, t0));
        QVERIFY(!outage.update(true, t0 + 5));
        QVERIFY(outage.inOutage());
        QCOMPARE(outage.sinceMs(), t0);
        QVERIFY(outage.update(false, t0 + 9000));
        QVERIFY(!outage.inOutage());
        QCOMPARE(outage.sinceMs(), t0 + 9000);
        QVERIFY(!outage.recheckDue(t0 + 1'000'000));
        QVERIFY(!outage.admitProbe(t0 + 1'000'000));
    }

    void rechecksBackOffUpToTheMaximum()
    {
        OutageTracker outage(30'000, 300'000);
        outage.update(true, t0);
        QVERIFY(!outage.recheckDue(t0 + 29'999));
        QVERIFY(outage.recheckDue(t0 + 30'000));

        qint64 now = t0 + 30'000;
        const QList<qint64> expectedWaits{60'000, 120'000, 240'000, 300'000, 300'000};
        for (const qint64 wait : expectedWaits) {
            outage.recheckSent(now);
            QCOMPARE(outage.nextRecheckMs(), now + wait);
            QVERIFY(!outage.recheckDue(now + wait - 1));
            QVERIFY(outage.recheckDue(now + wait));
            now += wait;
        }

        // A new outage starts the backoff again.
        outage.update(false, now);
        outage.update(true, now + 1);
        QCOMPARE(outage.nextRecheckMs(), now + 1 + 30'000);
    }

    void wallClockGoingBackDoesNotStallRechecks()
    {
        OutageTracker outage(30'000, 300'000);
        outage.update(true, t0);
        QVERIFY(outage.recheckDue(t0 - 3'600'000));
        QVERIFY(outage.admitProbe(t0 - 3'600'000));
    }

    void oneRealQuestionPerIntervalIsAProbe()
    {
        OutageTracker outage(30'000, 300'000);
        outage.update(true, t0);
        QVERIFY(!outage.admitProbe(t0 + 1));
        QVERIFY(outage.admitProbe(t0 + 30'000));
        QVERIFY(!outage.admitProbe(t0 + 30'001));
        QVERIFY(!outage.admitProbe(t0 + 59'999));
        QVERIFY(outage.admitProbe(t0 + 60'000));
    }

    void replyCheckAcceptsOurReplyInAnyCase()
    {
        const QByteArray reply = replyTo(queryFor(0x1234, "HOST.Example.TEST"));
        Dns::Message parsed;
        QCOMPARE(ReplyCheck::check(reply, expected(0x1234), parsed), ReplyCheck::Verdict::Accept);
        QCOMPARE(parsed.header.id, 0x1234);
        QVERIFY(parsed.ok());
    }

    void replyCheckRejects_data()
    {
        QTest::addColumn<QByteArray>("wire");
        QTest::addColumn<ReplyCheck::Verdict>("verdict");
        using V = ReplyCheck::Verdict;
        const QByteArray good = replyTo(queryFor(0x1234, "host.example.test"));
        QTest::newRow("other id") << replyTo(queryFor(0x1235, "host.example.test")) << V::WrongId;
        QTest::newRow("query, not reply") << queryFor(0x1234, "host.example.test") << V::NotAReply;
        QByteArray notify = good;
        notify[2] = char(quint8(notify[2]) | 0x20); // opcode 4
        QTest::newRow("opcode notify") << notify << V::NotAReply;
        QTest::newRow("other name")
            << replyTo(queryFor(0x1234, "hostx.example.test")) << V::WrongQuestion;
        QTest::newRow("other type")
            << replyTo(queryFor(0x1234, "host.example.test", Dns::Type::AAAA)) << V::WrongQuestion;
        QByteArray noQuestion = QByteArray::fromHex("123481800000000000000000");
        QTest::newRow("no question") << noQuestion << V::WrongQuestion;
        QTest::newRow("short") << good.left(7) << V::Malformed;
        QTest::newRow("cut in question") << good.left(20) << V::Malformed;
        QTest::newRow("trailing bytes") << good + QByteArray("xx") << V::Malformed;
        QTest::newRow("empty") << QByteArray() << V::Malformed;
    }

    void replyCheckRejects()
    {
        QFETCH(QByteArray, wire);
        QFETCH(ReplyCheck::Verdict, verdict);
        Dns::Message parsed;
        QCOMPARE(ReplyCheck::check(wire, expected(0x1234), parsed), verdict);
    }

    void verdictNamesAreCounterSuffixes()
    {
        QCOMPARE(ReplyCheck::verdictName(ReplyCheck::Verdict::WrongSource), "wrong-source");
        QCOMPARE(ReplyCheck::verdictName(ReplyCheck::Verdict::WrongQuestion), "wrong-question");
    }
};

QTEST_APPLESS_MAIN(TestUpstreamHealth)
#include "TestUpstreamHealth.moc"
