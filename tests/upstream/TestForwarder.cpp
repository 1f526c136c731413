#include "service/common/Clock.h"
#include "service/common/Counters.h"
#include "service/dns/DnsName.h"
#include "service/upstream/Forwarder.h"
#include "service/upstream/UpstreamHealth.h"
#include "tests/support/FakeUpstream.h"

#include <QSet>
#include <QSignalSpy>
#include <QTest>
#include <memory>
#include <optional>

using namespace Shoal;
using Shoal::Test::FakeUpstream;
using Fault = FakeUpstream::Fault;
using Status = UpstreamResult::Status;

namespace {

constexpr int waitLimitMs = 20'000; // generous: the machine is shared
constexpr quint16 typeA = 1;
constexpr quint16 typeAaaa = 28;
constexpr quint16 classIn = 1;
const QString outageBegins = u"all upstream servers are unreachable; answering from cache and "
                             "peers"_qs;

QByteArray name(const char *text)
{
    return *Dns::nameFromText(QString::fromLatin1(text));
}

// Collects the callbacks of one resolve().
struct Outcome
{
    std::optional<UpstreamResult> result;
    int calls = 0;

    Forwarder::Callback callback()
    {
        return [this](const UpstreamResult &r) {
            result = r;
            ++calls;
        };
    }
    bool wait()
    {
        return QTest::qWaitFor([this] { return result.has_value(); }, waitLimitMs);
    }
};

UpstreamAddress addressOf(const FakeUpstream &fake)
{
    return {fake.address(), fake.port()};
}

quint32 firstA(const UpstreamResult &result)
{
    for (const Dns::Record &record : result.parsed.answers) {
        if (record.type == typeA && record.rdataLength == 4)
            return Dns::readU32(reinterpret_cast<const std::uint8_t *>(result.wire.constData()) +
                                record.rdataOffset);
    }
    return 0;
}

std::uint16_t rcodeOf(const UpstreamResult &result)
{
    return result.parsed.header.rcode();
}

// A short deadline, so a question to a silent server ends after one attempt (the first
// timeout, 800 ms, is longer) and the outage tests need not wait out the default 3 s.
ForwarderOptions quickOptions()
{
    ForwarderOptions options;
    options.deadlineMs = 200;
    return options;
}

} // namespace

class TestForwarder : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<FakeUpstream> startFake()
    {
        auto fake = std::make_unique<FakeUpstream>();
        if (!fake->start())
            return nullptr;
        fake->addRecord(u"host.example.test"_qs, QHostAddress(u"192.0.2.1"_qs));
        fake->addRecord(u"other.example.test"_qs, QHostAddress(u"192.0.2.2"_qs));
        fake->addRecord(u"cold.example.test"_qs, QHostAddress(u"192.0.2.3"_qs));
        return fake;
    }

    // Resolves one name and waits for the callback.
    UpstreamResult ask(Forwarder &forwarder, const char *text, quint16 type = typeA,
                       bool dnssecOk = false)
    {
        Outcome outcome;
        forwarder.resolve(name(text), type, classIn, dnssecOk, outcome.callback());
        if (!outcome.wait()) {
            UpstreamResult none;
            none.error = u"the test gave up waiting"_qs;
            return none;
        }
        return *outcome.result;
    }

    // Asks a name the fake answers at once until the server's timeout is down to the minimum,
    // as on a LAN where the recursive server answers most names from its cache.
    bool teachFastRtt(Forwarder &forwarder, int server = 0)
    {
        for (int i = 0; i < 50; ++i) {
            if (forwarder.status().at(server).timeoutMs == UpstreamHealth::minTimeoutMs)
                return true;
            if (ask(forwarder, "host.example.test").status != Status::Answer)
                return false;
        }
        return false;
    }

    // Makes the only server of `forwarder` fail until it is down: the outage begins.
    void bringDown(Forwarder &forwarder)
    {
        QTest::ignoreMessage(QtWarningMsg, outageBegins.toLatin1().constData());
        while (!forwarder.inOutage()) {
            const UpstreamResult result = ask(forwarder, "host.example.test");
            QCOMPARE(result.status, Status::Timeout);
        }
    }

    ManualClock m_clock;
    Counters m_counters;

private slots:
    void init()
    {
        m_counters = Counters();
        m_clock.setMs(1'700'000'000'000);
    }

    void forwardsAQuestion()
    {
        auto fake = startFake();
        QVERIFY(fake);
        Forwarder forwarder({addressOf(*fake)}, m_clock, m_counters);
        Outcome outcome;
        forwarder.resolve(name("HOST.example.test"), typeA, classIn, true, outcome.callback());
        QVERIFY(outcome.wait());
        QTest::qWait(50); // a second callback would come now
        QCOMPARE(outcome.calls, 1);

        const UpstreamResult &result = *outcome.result;
        QCOMPARE(result.status, Status::Answer);
        QCOMPARE(result.serverIndex, 0);
        QCOMPARE(firstA(result), QHostAddress(u"192.0.2.1"_qs).toIPv4Address());
        QCOMPARE(m_counters.value(u"upstream.queries"_qs), 1u);
        QCOMPARE(m_counters.value(u"upstream.answers"_qs), 1u);

        // What went out: one question as asked, an OPT record with our size and the DO bit.
        Dns::QueryView sent;
        const QByteArray query = fake->lastQuery();
        QCOMPARE(Dns::parseQuery(reinterpret_cast<const std::uint8_t *>(query.constData()),
                                 std::size_t(query.size()), sent),
                 Dns::ParseError::None);
        QCOMPARE(Dns::nameToText(sent.name.view()), u"HOST.example.test."_qs);
        QVERIFY(sent.hasEdns);
        QVERIFY(sent.dnssecOk);
        QCOMPARE(sent.udpPayloadSize, 1232);
        QVERIFY(sent.header.flags & Dns::Flag::RD);

        const UpstreamStatus status = forwarder.status().at(0);
        QCOMPARE(status.queriesSent, 1u);
        QCOMPARE(status.answers, 1u);
        QVERIFY(status.hasRttSample);
        QVERIFY(status.up);
        QCOMPARE(status.lastSuccessMs, m_clock.nowMs());
    }

    void doBitFollowsTheClient()
    {
        auto fake = startFake();
        QVERIFY(fake);
        Forwarder forwarder({addressOf(*fake)}, m_clock, m_counters);
        QCOMPARE(ask(forwarder, "host.example.test", typeA, false).status, Status::Answer);
        const QByteArray query = fake->lastQuery();
        Dns::QueryView sent;
        QCOMPARE(Dns::parseQuery(reinterpret_cast<const std::uint8_t *>(query.constData()),
                                 std::size_t(query.size()), sent),
                 Dns::ParseError::None);
        QVERIFY(sent.hasEdns);
        QVERIFY(!sent.dnssecOk);
    }

    // Each query leaves with a fresh ID and a fresh source port, so an off-path attacker has
    // to guess both (about 2^32 combinations) to slip a forged reply in.
    void everyQueryHasItsOwnIdAndSourcePort()
    {
        auto fake = startFake();
        QVERIFY(fake);
        Forwarder forwarder({addressOf(*fake)}, m_clock, m_counters);
        constexpr int queries = 40;
        QSet<quint16> ports;
        for (int i = 0; i < queries; ++i) {
            QCOMPARE(ask(forwarder, "host.example.test").status, Status::Answer);
            ports.insert(fake->lastSourcePort());
        }
        const QList<quint16> sent = fake->queryIds(u"host.example.test"_qs);
        QCOMPARE(sent.size(), queries);
        const QSet<quint16> ids(sent.cbegin(), sent.cend());
        // 40 random draws from 65,536 IDs repeat one with a chance of about 1 %, from Linux's
        // 28,232 ephemeral ports about 3 %; three repeats are next to impossible, while a
        // counter that wraps, a fixed port or a small pool would show at once.
        QVERIFY2(ids.size() >= queries - 2, qPrintable(u"%1 distinct IDs"_qs.arg(ids.size())));
        QVERIFY2(ports.size() >= queries - 2,
                 qPrintable(u"%1 distinct source ports"_qs.arg(ports.size())));
    }

    void nxdomainAndNodataAreAnswers()
    {
        auto fake = startFake();
        QVERIFY(fake);
        Forwarder forwarder({addressOf(*fake)}, m_clock, m_counters);
        const UpstreamResult missing = ask(forwarder, "missing.example.test");
        QCOMPARE(missing.status, Status::Answer);
        QCOMPARE(rcodeOf(missing), 3);
        const UpstreamResult nodata = ask(forwarder, "host.example.test", typeAaaa);
        QCOMPARE(nodata.status, Status::Answer);
        QCOMPARE(rcodeOf(nodata), 0);
        QVERIFY(nodata.parsed.answers.empty());
    }

    void worksOverIpv6Loopback()
    {
        FakeUpstream fake;
        if (!fake.start(QHostAddress::LocalHostIPv6))
            QSKIP("no IPv6 loopback on this machine");
        fake.addRecord(u"host.example.test"_qs, QHostAddress(u"192.0.2.1"_qs));
        Forwarder forwarder({addressOf(fake)}, m_clock, m_counters);
        QCOMPARE(ask(forwarder, "host.example.test").status, Status::Answer);
    }

    void timeoutMovesToTheNextServer()
    {
        auto silent = startFake();
        auto good = startFake();
        QVERIFY(silent && good);
        silent->setBehaviour({Fault::Drop});
        Forwarder forwarder({addressOf(*silent), addressOf(*good)}, m_clock, m_counters);

        const UpstreamResult result = ask(forwarder, "host.example.test");
        QCOMPARE(result.status, Status::Answer);
        QCOMPARE(result.serverIndex, 1);
        QCOMPARE(silent->queriesReceived(), 1);
        QCOMPARE(m_counters.value(u"upstream.timeouts"_qs), 1u);
        QCOMPARE(forwarder.status().at(0).consecutiveFailures, 1);
        QCOMPARE(forwarder.status().at(0).lastFailureMs, m_clock.nowMs());

        // The measured server now goes first.
        QCOMPARE(ask(forwarder, "other.example.test").serverIndex, 1);
        QCOMPARE(silent->queriesReceived(), 1);
    }

    void aLateReplyToTheFirstAttemptAnswers()
    {
        // A recursive server answers cached names in a millisecond and a cold one in hundreds:
        // longer than the timeout learned from the cached ones, well within the deadline.
        auto fake = startFake();
        QVERIFY(fake);
        fake->setBehaviour(u"cold.example.test"_qs, {Fault::None, 500});
        Forwarder forwarder({addressOf(*fake)}, m_clock, m_counters);
        QSignalSpy spy(&forwarder, &Forwarder::outageChanged);

        for (int round = 0; round < 5; ++round) {
            QVERIFY(teachFastRtt(forwarder));
            const int timeoutBefore = forwarder.status().at(0).timeoutMs;
            const qsizetype before = fake->queryIds(u"cold.example.test"_qs).size();
            const UpstreamResult result = ask(forwarder, "cold.example.test");
            QCOMPARE(result.status, Status::Answer);
            QCOMPARE(firstA(result), QHostAddress(u"192.0.2.3"_qs).toIPv4Address());

            // The first attempt timed out (a retry went out), kept listening, and its reply
            // answered: the ID is the one of the first query the server saw.
            const QList<quint16> ids = fake->queryIds(u"cold.example.test"_qs);
            QVERIFY2(ids.size() >= before + 2, qPrintable(QString::number(ids.size() - before)));
            QCOMPARE(result.parsed.header.id, ids.at(before));

            const UpstreamStatus status = forwarder.status().at(0);
            QCOMPARE(status.consecutiveFailures, 0);
            QVERIFY(status.up);
            QVERIFY(status.timeoutMs > timeoutBefore); // the slow RTT was learned
            QCOMPARE(forwarder.openSockets(), 0);      // the retry was closed with the question
        }
        QVERIFY(!forwarder.inOutage());
        QCOMPARE(spy.count(), 0);
        QCOMPARE(m_counters.value(u"upstream.timeouts"_qs), 0u);
        QCOMPARE(m_counters.value(u"upstream.late-replies"_qs), 5u);
    }

    void aLateReplyFromAnyServerAnswers()
    {
        auto slow = startFake();
        auto silent = startFake();
        QVERIFY(slow && silent);
        slow->setBehaviour({Fault::None, 900}); // the first timeout is 800 ms
        silent->setBehaviour({Fault::Drop});
        Forwarder forwarder({addressOf(*slow), addressOf(*silent)}, m_clock, m_counters);

        const UpstreamResult result = ask(forwarder, "host.example.test");
        QCOMPARE(result.status, Status::Answer);
        QCOMPARE(result.serverIndex, 0);
        QCOMPARE(result.parsed.header.id, slow->queryIds(u"host.example.test"_qs).value(0));
        QCOMPARE(silent->queriesReceived(), 1);
        QCOMPARE(forwarder.openSockets(), 0);

        // The slow server answered; the silent one was asked too recently to be blamed.
        const QList<UpstreamStatus> status = forwarder.status();
        QCOMPARE(status.at(0).consecutiveFailures, 0);
        QVERIFY(status.at(0).hasRttSample);
        QCOMPARE(status.at(1).consecutiveFailures, 0);
        QCOMPARE(status.at(1).queriesSent, 1u);
        QCOMPARE(m_counters.value(u"upstream.timeouts"_qs), 0u);
        QCOMPARE(m_counters.value(u"upstream.late-replies"_qs), 1u);
    }

    void aRetryOvertakenByTheFirstReplyIsNoFailure()
    {
        auto fake = startFake();
        QVERIFY(fake);
        fake->setBehaviour(u"cold.example.test"_qs, {Fault::None, 900});
        Forwarder forwarder({addressOf(*fake)}, m_clock, m_counters);
        QVERIFY(teachFastRtt(forwarder));

        // Attempts at 0, 400 and 800 ms; the second one's timeout has passed when the first
        // one's reply comes, but the server did answer the question.
        const UpstreamResult result = ask(forwarder, "cold.example.test");
        QCOMPARE(result.status, Status::Answer);
        const QList<quint16> ids = fake->queryIds(u"cold.example.test"_qs);
        QCOMPARE(ids.size(), 3);
        QCOMPARE(result.parsed.header.id, ids.at(0));
        QCOMPARE(forwarder.status().at(0).consecutiveFailures, 0);
        QCOMPARE(m_counters.value(u"upstream.timeouts"_qs), 0u);
    }

    void retriesAreBoundedByTheOpenSockets()
    {
        auto fake = startFake();
        QVERIFY(fake);
        fake->setBehaviour(u"silent.example.test"_qs, {Fault::Drop});
        ForwarderOptions options;
        options.maxInFlight = 2; // sockets, not questions
        options.deadlineMs = 1000;
        Forwarder forwarder({addressOf(*fake)}, m_clock, m_counters, options);
        QVERIFY(teachFastRtt(forwarder));

        Outcome silent;
        forwarder.resolve(name("silent.example.test"), typeA, classIn, false, silent.callback());
        QTRY_COMPARE_WITH_TIMEOUT(fake->queriesFor(u"silent.example.test"_qs), 2, waitLimitMs);
        QCOMPARE(forwarder.openSockets(), 2); // the first attempt still listens
        QCOMPARE(forwarder.inFlight(), 1);
        const UpstreamResult refused = ask(forwarder, "other.example.test");
        QCOMPARE(refused.status, Status::Overloaded);

        // The third attempt (at 800 ms, before the deadline) would need a third socket.
        QVERIFY(silent.wait());
        QCOMPARE(silent.result->status, Status::Timeout);
        QCOMPARE(fake->queriesFor(u"silent.example.test"_qs), 2);
        QCOMPARE(forwarder.status().at(0).consecutiveFailures, 2);
        QCOMPARE(m_counters.value(u"upstream.timeouts"_qs), 2u);
        QCOMPARE(forwarder.openSockets(), 0);
        QCOMPARE(ask(forwarder, "other.example.test").status, Status::Answer);
    }

    void aDownServerIsAskedLast()
    {
        auto silent = startFake();
        auto good = startFake();
        QVERIFY(silent && good);
        silent->setBehaviour({Fault::Drop});
        good->setBehaviour({Fault::Drop});
        ForwarderOptions options = quickOptions();
        options.maxAttempts = 1;
        Forwarder forwarder({addressOf(*silent), addressOf(*good)}, m_clock, m_counters, options);
        for (int i = 0; i < 3; ++i)
            QCOMPARE(ask(forwarder, "host.example.test").status, Status::Timeout);
        // Unmeasured and tied, the configured order decides: the first server took every try.
        QCOMPARE(silent->queriesReceived(), 3);
        QVERIFY(!forwarder.status().at(0).up);

        good->clearBehaviours();
        QCOMPARE(ask(forwarder, "host.example.test").serverIndex, 1);
        QCOMPARE(silent->queriesReceived(), 3);
    }

    void networkErrorMovesToTheNextServer()
    {
        // Linux refuses to send a UDP datagram to port 0: a socket error on every attempt.
        const UpstreamAddress unusable{QHostAddress::LocalHost, 0};
        auto good = startFake();
        QVERIFY(good);
        Forwarder forwarder({unusable, addressOf(*good)}, m_clock, m_counters);
        const UpstreamResult result = ask(forwarder, "host.example.test");
        QCOMPARE(result.status, Status::Answer);
        QCOMPARE(result.serverIndex, 1);
        QCOMPARE(m_counters.value(u"upstream.network-errors"_qs), 1u);
        QCOMPARE(forwarder.status().at(0).consecutiveFailures, 1);

        Forwarder alone({unusable}, m_clock, m_counters);
        QTest::ignoreMessage(QtWarningMsg, outageBegins.toLatin1().constData());
        Outcome outcome;
        alone.resolve(name("host.example.test"), typeA, classIn, false, outcome.callback());
        QVERIFY(!outcome.result); // never from inside resolve()
        QVERIFY(outcome.wait());
        QCOMPARE(outcome.result->status, Status::NetworkError);
        QVERIFY2(outcome.result->error.contains(u"cannot send"_qs),
                 qPrintable(outcome.result->error));
    }

    void theDeadlineEndsAQuestion()
    {
        auto fake = startFake();
        QVERIFY(fake);
        fake->setBehaviour({Fault::Drop});
        ForwarderOptions options;
        options.deadlineMs = 100; // shorter than the first timeout (800 ms)
        Forwarder forwarder({addressOf(*fake)}, m_clock, m_counters, options);
        const UpstreamResult result = ask(forwarder, "host.example.test");
        QCOMPARE(result.status, Status::Timeout);
        QVERIFY2(result.error.contains(u"no answer within"_qs), qPrintable(result.error));
        QCOMPARE(fake->queriesReceived(), 1);
        QCOMPARE(forwarder.status().at(0).consecutiveFailures, 1);
        QCOMPARE(forwarder.openSockets(), 0);
    }

    void bogusRepliesAreDroppedAndTheRealOneAccepted_data()
    {
        QTest::addColumn<Fault>("fault");
        QTest::addColumn<QString>("counter");
        QTest::addColumn<int>("drops");
        QTest::newRow("wrong id") << Fault::WrongId << u"upstream.dropped.wrong-id"_qs << 1;
        QTest::newRow("wrong question")
            << Fault::WrongQuestion << u"upstream.dropped.wrong-question"_qs << 1;
        QTest::newRow("garbage") << Fault::Garbage << u"upstream.dropped.malformed"_qs << 2;
        QTest::newRow("wrong source port")
            << Fault::WrongSourcePort << u"upstream.dropped.wrong-source"_qs << 1;
    }

    void bogusRepliesAreDroppedAndTheRealOneAccepted()
    {
        QFETCH(Fault, fault);
        QFETCH(QString, counter);
        QFETCH(int, drops);
        auto fake = startFake();
        QVERIFY(fake);
        fake->setBehaviour({fault});
        Forwarder forwarder({addressOf(*fake)}, m_clock, m_counters);
        const UpstreamResult result = ask(forwarder, "host.example.test");
        QCOMPARE(result.status, Status::Answer);
        QCOMPARE(firstA(result), QHostAddress(u"192.0.2.1"_qs).toIPv4Address());
        QCOMPARE(m_counters.value(counter), quint64(drops));
        QCOMPARE(fake->queriesReceived(), 1);
    }

    void bogusRepliesAloneEndInATimeout()
    {
        auto fake = startFake();
        QVERIFY(fake);
        fake->setBehaviour({Fault::WrongId, 0, false});
        ForwarderOptions options = quickOptions();
        options.maxAttempts = 1;
        Forwarder forwarder({addressOf(*fake)}, m_clock, m_counters, options);
        const UpstreamResult result = ask(forwarder, "host.example.test");
        QCOMPARE(result.status, Status::Timeout);
        QVERIFY2(result.error.contains(u"no answer within"_qs), qPrintable(result.error));
        QCOMPARE(m_counters.value(u"upstream.dropped.wrong-id"_qs), 1u);
        QCOMPARE(m_counters.value(u"upstream.timeouts"_qs), 1u);
    }

    void truncatedReplyIsRetriedOverTcp()
    {
        auto fake = startFake();
        QVERIFY(fake);
        fake->setBehaviour({Fault::Truncate});
        Forwarder forwarder({addressOf(*fake)}, m_clock, m_counters);
        const UpstreamResult result = ask(forwarder, "host.example.test");
        QCOMPARE(result.status, Status::Answer);
        QVERIFY(!result.parsed.header.isTruncated());
        QCOMPARE(firstA(result), QHostAddress(u"192.0.2.1"_qs).toIPv4Address());
        QCOMPARE(fake->udpQueries(), 1);
        QCOMPARE(fake->tcpQueries(), 1);
        QCOMPARE(m_counters.value(u"upstream.tcp-fallbacks"_qs), 1u);
    }

    void unusableTcpReplyMovesOn_data()
    {
        QTest::addColumn<Fault>("tcpFault");
        QTest::addColumn<QString>("counter");
        QTest::newRow("garbage") << Fault::Garbage << u"upstream.dropped.malformed"_qs;
        QTest::newRow("wrong id") << Fault::WrongId << u"upstream.dropped.wrong-id"_qs;
    }

    void unusableTcpReplyMovesOn()
    {
        QFETCH(Fault, tcpFault);
        QFETCH(QString, counter);
        auto broken = startFake();
        auto good = startFake();
        QVERIFY(broken && good);
        broken->setBehaviour({Fault::Truncate, 0, true, tcpFault});
        Forwarder forwarder({addressOf(*broken), addressOf(*good)}, m_clock, m_counters);
        const UpstreamResult result = ask(forwarder, "host.example.test");
        QCOMPARE(result.status, Status::Answer);
        QCOMPARE(result.serverIndex, 1);
        QCOMPARE(m_counters.value(counter), 1u);
        QCOMPARE(m_counters.value(u"upstream.network-errors"_qs), 1u);
    }

    void tcpClosedWithoutAnswerMovesOn()
    {
        auto closing = startFake();
        auto good = startFake();
        QVERIFY(closing && good);
        closing->setBehaviour({Fault::Truncate, 0, true, Fault::CloseConnection});
        Forwarder forwarder({addressOf(*closing), addressOf(*good)}, m_clock, m_counters);
        const UpstreamResult result = ask(forwarder, "host.example.test");
        QCOMPARE(result.status, Status::Answer);
        QCOMPARE(result.serverIndex, 1);
        QCOMPARE(closing->tcpQueries(), 1);
        QCOMPARE(m_counters.value(u"upstream.network-errors"_qs), 1u);
        QCOMPARE(forwarder.status().at(0).consecutiveFailures, 1);
    }

    void tcpThatNeverAnswersTimesOut()
    {
        auto fake = startFake();
        QVERIFY(fake);
        fake->setBehaviour({Fault::Truncate, 0, true, Fault::Drop});
        ForwarderOptions options = quickOptions();
        options.maxAttempts = 1;
        Forwarder forwarder({addressOf(*fake)}, m_clock, m_counters, options);
        const UpstreamResult result = ask(forwarder, "host.example.test");
        QCOMPARE(result.status, Status::Timeout);
        QVERIFY2(result.error.contains(u"no TCP answer"_qs), qPrintable(result.error));
    }

    void errorRepliesMoveToTheNextServer_data()
    {
        QTest::addColumn<Fault>("fault");
        QTest::newRow("SERVFAIL") << Fault::ServFail;
        QTest::newRow("REFUSED") << Fault::Refused;
    }

    void errorRepliesMoveToTheNextServer()
    {
        QFETCH(Fault, fault);
        auto failing = startFake();
        auto good = startFake();
        QVERIFY(failing && good);
        failing->setBehaviour({fault});
        Forwarder forwarder({addressOf(*failing), addressOf(*good)}, m_clock, m_counters);
        const UpstreamResult result = ask(forwarder, "host.example.test");
        QCOMPARE(result.status, Status::Answer);
        QCOMPARE(result.serverIndex, 1);
        QCOMPARE(m_counters.value(u"upstream.error-replies"_qs), 1u);
        // An error reply shows the server is reachable: it stays up, its failures untouched.
        QCOMPARE(forwarder.status().at(0).consecutiveFailures, 0);
        QCOMPARE(forwarder.status().at(0).answers, 1u);
    }

    void servfailEverywhereIsAServerFailure()
    {
        auto first = startFake();
        auto second = startFake();
        QVERIFY(first && second);
        first->setBehaviour({Fault::ServFail});
        second->setBehaviour({Fault::ServFail});
        Forwarder forwarder({addressOf(*first), addressOf(*second)}, m_clock, m_counters);
        const UpstreamResult result = ask(forwarder, "host.example.test");
        QCOMPARE(result.status, Status::ServerFailure);
        QCOMPARE(result.error.count(u"SERVFAIL"_qs), 2);
        QCOMPARE(rcodeOf(result), 2);
        QCOMPARE(result.serverIndex, 1);
        // Three attempts were allowed, but neither server is asked the same question twice.
        QCOMPARE(first->queriesReceived(), 1);
        QCOMPARE(second->queriesReceived(), 1);
        QVERIFY(!forwarder.inOutage());
    }

    void repliesArePassedOnUnfiltered()
    {
        // Capping TTLs and dropping out-of-bailiwick records is the cache's job; the
        // forwarder only vouches for source, ID and question.
        auto fake = startFake();
        QVERIFY(fake);
        fake->setBehaviour(u"host.example.test"_qs, {Fault::HugeTtl});
        fake->setBehaviour(u"other.example.test"_qs, {Fault::ExtraOutOfBailiwick});
        Forwarder forwarder({addressOf(*fake)}, m_clock, m_counters);
        const UpstreamResult huge = ask(forwarder, "host.example.test");
        QCOMPARE(huge.status, Status::Answer);
        QCOMPARE(huge.parsed.answers.at(0).ttl, 0xffffffffu);
        const UpstreamResult extra = ask(forwarder, "other.example.test");
        QCOMPARE(extra.status, Status::Answer);
        QCOMPARE(extra.parsed.answers.size(), std::size_t(2));
        QCOMPARE(extra.parsed.additionals.size(), std::size_t(1));
    }

    void allDownEntersOutageOnceAndFailsFast()
    {
        auto fake = startFake();
        QVERIFY(fake);
        fake->setBehaviour({Fault::Drop});
        Forwarder forwarder({addressOf(*fake)}, m_clock, m_counters);
        QSignalSpy spy(&forwarder, &Forwarder::outageChanged);
        QCOMPARE(forwarder.bestHedgeDelayMs(), 200);

        bringDown(forwarder);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).toBool(), true);
        QCOMPARE(spy.at(0).at(1).toLongLong(), m_clock.nowMs());
        QCOMPARE(forwarder.outageSinceMs(), m_clock.nowMs());
        QCOMPARE(forwarder.bestHedgeDelayMs(), 0);
        const int asked = fake->queriesReceived();
        QCOMPARE(asked, 3);

        for (int i = 0; i < 3; ++i) {
            Outcome outcome;
            forwarder.resolve(name("host.example.test"), typeA, classIn, false, outcome.callback());
            QVERIFY(!outcome.result); // never from inside resolve()
            QVERIFY(outcome.wait());
            QCOMPARE(outcome.result->status, Status::AllDown);
        }
        QCOMPARE(fake->queriesReceived(), asked);
        QCOMPARE(m_counters.value(u"upstream.failed-fast"_qs), 3u);
        QCOMPARE(spy.count(), 1);
    }

    void rechecksBackOffByTheClock()
    {
        auto fake = startFake();
        QVERIFY(fake);
        fake->setBehaviour({Fault::Drop});
        Forwarder forwarder({addressOf(*fake)}, m_clock, m_counters, quickOptions());
        bringDown(forwarder); // a probe waits at most the deadline
        const qint64 began = m_clock.nowMs();
        const int asked = fake->queriesReceived();

        QCOMPARE(forwarder.nextRecheckMs(), began + 30'000);
        QVERIFY(!forwarder.recheckDue(began + 29'999));
        forwarder.recheckIfDue();
        QCOMPARE(m_counters.value(u"upstream.probes"_qs), 0u);

        m_clock.advanceMs(30'000);
        QVERIFY(forwarder.recheckDue(m_clock.nowMs()));
        forwarder.recheckIfDue();
        QCOMPARE(m_counters.value(u"upstream.probes"_qs), 1u);
        QTRY_COMPARE_WITH_TIMEOUT(fake->queriesFor(u"host.example.test"_qs), asked + 1,
                                  waitLimitMs);
        QCOMPARE(forwarder.nextRecheckMs(), m_clock.nowMs() + 60'000);
        QTRY_COMPARE_WITH_TIMEOUT(forwarder.inFlight(), 0, waitLimitMs); // the probe timed out
        QVERIFY(forwarder.inOutage());

        m_clock.advanceMs(59'999);
        forwarder.recheckIfDue();
        QCOMPARE(m_counters.value(u"upstream.probes"_qs), 1u);
        m_clock.advanceMs(1);
        forwarder.recheckIfDue();
        QCOMPARE(m_counters.value(u"upstream.probes"_qs), 2u);
        QCOMPARE(forwarder.nextRecheckMs(), m_clock.nowMs() + 120'000);
    }

    void oneRealQuestionPerIntervalGoesThrough()
    {
        auto fake = startFake();
        QVERIFY(fake);
        fake->setBehaviour({Fault::Drop});
        Forwarder forwarder({addressOf(*fake)}, m_clock, m_counters, quickOptions());
        bringDown(forwarder);
        const int asked = fake->queriesReceived();
        m_clock.advanceMs(30'000);

        Outcome probe;
        Outcome failed;
        forwarder.resolve(name("other.example.test"), typeA, classIn, false, probe.callback());
        forwarder.resolve(name("other.example.test"), typeA, classIn, false, failed.callback());
        QVERIFY(failed.wait());
        QCOMPARE(failed.result->status, Status::AllDown);
        QVERIFY(probe.wait());
        QCOMPARE(probe.result->status, Status::Timeout);
        QVERIFY(fake->queriesReceived() > asked);
    }

    void anAnswerToARealQuestionEndsTheOutage()
    {
        auto fake = startFake();
        QVERIFY(fake);
        fake->setBehaviour({Fault::Drop});
        Forwarder forwarder({addressOf(*fake)}, m_clock, m_counters, quickOptions());
        QSignalSpy spy(&forwarder, &Forwarder::outageChanged);
        QSignalSpy serverSpy(&forwarder, &Forwarder::serverChanged);
        bringDown(forwarder);
        QCOMPARE(serverSpy.count(), 1);
        QCOMPARE(serverSpy.at(0).at(0).toString(), addressOf(*fake).toString());
        QCOMPARE(serverSpy.at(0).at(1).toBool(), false);

        fake->clearBehaviours();
        m_clock.advanceMs(30'000);
        QTest::ignoreMessage(QtInfoMsg, "upstream servers answer again after 30 s");
        QCOMPARE(ask(forwarder, "host.example.test").status, Status::Answer);
        QVERIFY(!forwarder.inOutage());
        QCOMPARE(serverSpy.count(), 2);
        QCOMPARE(serverSpy.at(1).at(1).toBool(), true);
        QCOMPARE(spy.count(), 2);
        QCOMPARE(spy.at(1).at(0).toBool(), false);
        QCOMPARE(spy.at(1).at(1).toLongLong(), m_clock.nowMs());
        QVERIFY(forwarder.bestHedgeDelayMs() >= 30);
    }

    void aRecheckProbeEndsTheOutage()
    {
        auto fake = startFake();
        QVERIFY(fake);
        fake->setBehaviour({Fault::Drop});
        Forwarder forwarder({addressOf(*fake)}, m_clock, m_counters, quickOptions());
        QSignalSpy spy(&forwarder, &Forwarder::outageChanged);
        bringDown(forwarder);

        fake->clearBehaviours();
        m_clock.advanceMs(30'000);
        forwarder.recheckIfDue();
        QTRY_VERIFY_WITH_TIMEOUT(!forwarder.inOutage(), waitLimitMs);
        QCOMPARE(spy.count(), 2);
        QVERIFY(forwarder.status().at(0).up);
        QCOMPARE(forwarder.status().at(0).lastSuccessMs, m_clock.nowMs());
    }

    void recoversByItselfWithATinyInterval()
    {
        SystemClock clock;
        auto fake = startFake();
        QVERIFY(fake);
        fake->setBehaviour({Fault::Drop});
        ForwarderOptions options = quickOptions();
        options.recheckStartMs = 50;
        options.recheckMaxMs = 200;
        Forwarder forwarder({addressOf(*fake)}, clock, m_counters, options);
        QSignalSpy spy(&forwarder, &Forwarder::outageChanged);
        bringDown(forwarder);
        QCOMPARE(spy.count(), 1);

        fake->clearBehaviours();
        QTRY_VERIFY_WITH_TIMEOUT(!forwarder.inOutage(), waitLimitMs);
        QCOMPARE(spy.count(), 2);
        QVERIFY(m_counters.value(u"upstream.probes"_qs) >= 1);
    }

    void cancelledRequestsNeverCallBack()
    {
        auto fake = startFake();
        QVERIFY(fake);
        fake->setBehaviour({Fault::None, 200});
        Forwarder forwarder({addressOf(*fake)}, m_clock, m_counters);
        Outcome outcome;
        const quint64 id =
            forwarder.resolve(name("host.example.test"), typeA, classIn, false, outcome.callback());
        QTRY_COMPARE_WITH_TIMEOUT(fake->queriesReceived(), 1, waitLimitMs);
        QVERIFY(forwarder.cancel(id));
        QVERIFY(!forwarder.cancel(id));
        QCOMPARE(forwarder.inFlight(), 0);
        QTest::qWait(400); // past the delayed reply
        QCOMPARE(outcome.calls, 0);

        // A failure that would be delivered later is cancelled as well.
        Outcome invalid;
        const quint64 bad = forwarder.resolve(QByteArray("\x03"
                                                         "ab",
                                                         3),
                                              typeA, classIn, false, invalid.callback());
        QVERIFY(forwarder.cancel(bad));
        QTest::qWait(50);
        QCOMPARE(invalid.calls, 0);
    }

    void invalidQuestionsAreRefused()
    {
        auto fake = startFake();
        QVERIFY(fake);
        Forwarder forwarder({addressOf(*fake)}, m_clock, m_counters);
        for (const QByteArray &bad : {QByteArray(),
                                      QByteArray("\x03"
                                                 "ab",
                                                 3),
                                      QByteArray("\x01"
                                                 "a\0extra",
                                                 8),
                                      QByteArray("\xc0\x00", 2)}) {
            Outcome outcome;
            forwarder.resolve(bad, typeA, classIn, false, outcome.callback());
            QVERIFY(outcome.wait());
            QCOMPARE(outcome.result->status, Status::InvalidQuestion);
        }
        QCOMPARE(fake->queriesReceived(), 0);
    }

    void noServersIsAPermanentOutage()
    {
        QTest::ignoreMessage(QtWarningMsg,
                             "no upstream servers configured; answering from cache and peers");
        Forwarder forwarder({}, m_clock, m_counters);
        QVERIFY(forwarder.inOutage());
        QCOMPARE(forwarder.bestHedgeDelayMs(), 0);
        Outcome outcome;
        forwarder.resolve(name("host.example.test"), typeA, classIn, false, outcome.callback());
        QVERIFY(outcome.wait());
        QCOMPARE(outcome.result->status, Status::NoServers);
        m_clock.advanceMs(3'600'000);
        forwarder.recheckIfDue(); // nothing to probe, nothing breaks
    }

    void tooManyQuestionsInFlightAreRefused()
    {
        auto fake = startFake();
        QVERIFY(fake);
        fake->setBehaviour({Fault::None, 100});
        ForwarderOptions options;
        options.maxInFlight = 1;
        Forwarder forwarder({addressOf(*fake)}, m_clock, m_counters, options);
        Outcome first;
        Outcome second;
        forwarder.resolve(name("host.example.test"), typeA, classIn, false, first.callback());
        forwarder.resolve(name("other.example.test"), typeA, classIn, false, second.callback());
        QVERIFY(second.wait());
        QCOMPARE(second.result->status, Status::Overloaded);
        QCOMPARE(m_counters.value(u"upstream.overloaded"_qs), 1u);
        QVERIFY(first.wait());
        QCOMPARE(first.result->status, Status::Answer);
    }

    void destroyingTheForwarderDropsPendingRequests()
    {
        auto fake = startFake();
        QVERIFY(fake);
        fake->setBehaviour({Fault::None, 100});
        Outcome outcome;
        {
            Forwarder forwarder({addressOf(*fake)}, m_clock, m_counters);
            forwarder.resolve(name("host.example.test"), typeA, classIn, false, outcome.callback());
            QTRY_COMPARE_WITH_TIMEOUT(fake->queriesReceived(), 1, waitLimitMs);
        }
        QTest::qWait(300);
        QCOMPARE(outcome.calls, 0);
    }
};

QTEST_GUILESS_MAIN(TestForwarder)
#include "TestForwarder.moc"
