#include "service/cache/Cache.h"
#include "service/common/Clock.h"
#include "service/common/Counters.h"
#include "service/dns/DnsName.h"
#include "service/dns/Message.h"
#include "service/dns/MessageBuilder.h"
#include "service/resolver/Resolver.h"
#include "service/upstream/Forwarder.h"
#include "tests/support/FakeUpstream.h"

#include <QSignalSpy>
#include <QTest>

using namespace Shoal;

namespace {

QByteArray query(const QString &name, quint16 id = 0x1234, bool edns = true)
{
    Dns::EdnsParameters parameters;
    QByteArray wire = Dns::MessageBuilder::query(id, *Dns::nameFromText(name), 1, 1, parameters);
    if (!edns) {
        wire.truncate(wire.size() - 11); // drop the OPT record
        wire[11] = 0;
    }
    return wire;
}

// One resolver over a real cache and forwarder, asking a fake upstream on loopback.
struct Rig
{
    explicit Rig(ResolverOptions options = {}, ForwarderOptions forwarderOptions = {})
        : cache(CacheLimits{}, counters, clock)
    {
        upstream.start();
        upstream.addRecord(u"host.lab.test"_qs, QHostAddress(u"192.0.2.1"_qs), 100);
        upstream.addRecord(u"other.lab.test"_qs, QHostAddress(u"192.0.2.2"_qs), 100);
        forwarder = std::make_unique<Forwarder>(
            QList<UpstreamAddress>{{upstream.address(), upstream.port()}}, clock, counters,
            forwarderOptions);
        resolver = std::make_unique<Resolver>(cache, *forwarder, clock, counters, options);
    }

    // Resolves and collects the reply; the list fills when it arrives.
    void ask(const QByteArray &wire, QList<QByteArray> &replies)
    {
        resolver->resolve(wire, true,
                          [&replies](const QByteArray &reply) { replies.append(reply); });
    }

    Dns::Message askAndWait(const QString &name)
    {
        QList<QByteArray> replies;
        ask(query(name), replies);
        if (!QTest::qWaitFor([&] { return !replies.isEmpty(); }, 10000))
            return {};
        return Dns::Message::parse(replies.front());
    }

    ManualClock clock;
    Counters counters;
    Cache cache;
    Test::FakeUpstream upstream;
    std::unique_ptr<Forwarder> forwarder;
    std::unique_ptr<Resolver> resolver;
};

std::optional<std::uint16_t> extendedError(const Dns::Message &message)
{
    if (!message.edns)
        return std::nullopt;
    for (const Dns::EdnsOption &option : message.edns->options) {
        if (option.code == Dns::ednsOptionExtendedError && option.data.size() >= 2)
            return Dns::readU16(reinterpret_cast<const std::uint8_t *>(option.data.constData()));
    }
    return std::nullopt;
}

} // namespace

class TestResolver : public QObject
{
    Q_OBJECT

private slots:
    void missThenCacheHit()
    {
        Rig rig;
        const Dns::Message first = rig.askAndWait(u"HoSt.lab.TEST"_qs);
        QVERIFY(first.ok());
        QCOMPARE(first.header.rcode(), 0);
        QCOMPARE(first.answers.size(), std::size_t(1));
        QCOMPARE(first.questions.front().name, *Dns::nameFromText(u"HoSt.lab.TEST"));
        QCOMPARE(rig.upstream.queriesReceived(), 1);

        rig.clock.advanceMs(10'000);
        const Dns::Message second = rig.askAndWait(u"host.lab.test"_qs);
        QCOMPARE(second.answers.front().ttl, 90u);
        QCOMPARE(rig.upstream.queriesReceived(), 1);
        QCOMPARE(rig.counters.value(u"dns.answers.cache"_qs), 1u);
    }

    void identicalQuestionsAreCoalesced()
    {
        Rig rig;
        rig.upstream.setBehaviour(u"host.lab.test"_qs, {Test::FakeUpstream::Fault::None, 300});
        QList<QByteArray> replies;
        rig.ask(query(u"host.lab.test"_qs, 1), replies);
        rig.ask(query(u"HOST.lab.test"_qs, 2), replies);
        rig.ask(query(u"host.lab.test"_qs, 3), replies);
        QTRY_COMPARE_WITH_TIMEOUT(replies.size(), 3, 10000);
        QCOMPARE(rig.upstream.queriesReceived(), 1);
        QCOMPARE(rig.counters.value(u"dns.coalesced"_qs), 2u);
        QCOMPARE(Dns::Message::parse(replies[1]).header.id, 2);
    }

    void slowUpstreamGetsStaleAnswerWithinBudget()
    {
        ResolverOptions options;
        options.clientBudgetMs = 10;
        Rig rig(options);
        QVERIFY(rig.askAndWait(u"host.lab.test"_qs).ok());
        rig.clock.advanceMs(101'000); // expired, well within the stale limit
        // Slower than the budget, well within the forwarder's shortest attempt timeout.
        rig.upstream.setBehaviour({Test::FakeUpstream::Fault::None, 100});

        const Dns::Message stale = rig.askAndWait(u"host.lab.test"_qs);
        QVERIFY(stale.ok());
        QCOMPARE(stale.answers.front().ttl, 30u);
        QCOMPARE(extendedError(stale), std::optional<std::uint16_t>(3));
        QCOMPARE(rig.counters.value(u"dns.answers.stale"_qs), 1u);
        // The upstream's late answer still refreshes the cache.
        QTRY_COMPARE_WITH_TIMEOUT(
            rig.cache
                .lookup(Dns::cacheKey(*Dns::nameFromText(u"host.lab.test"), 1, 1),
                        rig.clock.nowMs())
                .freshness,
            Cache::Freshness::Fresh, 10000);
    }

    void deadUpstreamServesStaleOrFailsWithReason()
    {
        ForwarderOptions forwarderOptions;
        forwarderOptions.deadlineMs = 600;
        Rig rig({}, forwarderOptions);
        QVERIFY(rig.askAndWait(u"host.lab.test"_qs).ok());
        rig.upstream.stop();
        rig.clock.advanceMs(200'000);

        const Dns::Message stale = rig.askAndWait(u"host.lab.test"_qs);
        QCOMPARE(stale.header.rcode(), 0);
        QCOMPARE(stale.answers.front().ttl, 30u);
        QCOMPARE(extendedError(stale), std::optional<std::uint16_t>(3));

        const Dns::Message unknown = rig.askAndWait(u"other.lab.test"_qs);
        QCOMPARE(unknown.header.rcode(), std::uint8_t(Dns::Rcode::ServFail));
        QVERIFY(extendedError(unknown));
        QCOMPARE(rig.counters.value(u"dns.answers.servfail"_qs), 1u);
    }

    // RFC 8767 serves stale data only when the upstream fails. For a name that did not exist,
    // an answer "it still does not" past the client budget would deny a name that has since
    // come into existence, so a stale NXDOMAIN waits for the upstream while it may answer.
    void aStaleNxdomainWaitsForTheUpstream()
    {
        ResolverOptions options;
        options.clientBudgetMs = 10;
        Rig rig(options);
        rig.upstream.setNegativeSoa(u"lab.test"_qs, 60);
        const Dns::Message missing = rig.askAndWait(u"new.lab.test"_qs);
        QCOMPARE(missing.header.rcode(), std::uint8_t(Dns::Rcode::NxDomain));
        const QByteArray key = Dns::cacheKey(*Dns::nameFromText(u"new.lab.test"), 1, 1);
        QCOMPARE(rig.cache.lookup(key, rig.clock.nowMs()).freshness, Cache::Freshness::Fresh);

        rig.clock.advanceMs(61'000); // the NXDOMAIN is stale now
        QCOMPARE(rig.cache.lookup(key, rig.clock.nowMs()).freshness, Cache::Freshness::Stale);
        rig.upstream.addRecord(u"new.lab.test"_qs, QHostAddress(u"192.0.2.7"_qs), 100);
        // Slower than the budget, which would have released a stale positive answer.
        rig.upstream.setBehaviour({Test::FakeUpstream::Fault::None, 100});
        const Dns::Message found = rig.askAndWait(u"new.lab.test"_qs);
        QCOMPARE(found.header.rcode(), 0);
        QCOMPARE(found.answers.size(), std::size_t(1));
        QCOMPARE(extendedError(found), std::nullopt);
        QCOMPARE(rig.counters.value(u"dns.answers.stale"_qs), 0u);
    }

    void outageProbeDoesNotHoldItsClient()
    {
        ForwarderOptions forwarderOptions;
        forwarderOptions.deadlineMs = 600;
        forwarderOptions.maxAttempts = 1;
        ResolverOptions options;
        options.clientBudgetMs = 20;
        Rig rig(options, forwarderOptions);
        rig.upstream.setBehaviour({Test::FakeUpstream::Fault::Drop, 0});
        for (int i = 0; i < 10 && !rig.forwarder->inOutage(); ++i)
            rig.askAndWait(u"other.lab.test"_qs);
        QVERIFY(rig.forwarder->inOutage());

        // The next question after the recheck interval goes to the server as the outage's
        // probe. The server is back but slow: slower than the client may wait, quicker than
        // the question's deadline.
        rig.clock.advanceMs(forwarderOptions.recheckStartMs + 1);
        rig.upstream.setBehaviour({Test::FakeUpstream::Fault::None, 200});
        const int before = rig.upstream.queriesFor(u"host.lab.test"_qs);
        const Dns::Message failed = rig.askAndWait(u"host.lab.test"_qs);
        QCOMPARE(failed.header.rcode(), std::uint8_t(Dns::Rcode::ServFail));
        QCOMPARE(extendedError(failed), std::optional<std::uint16_t>(22));
        QCOMPARE(rig.upstream.queriesFor(u"host.lab.test"_qs), before + 1);

        // The probe went on without its client: the answer fills the cache for the next one.
        const QByteArray key = Dns::cacheKey(*Dns::nameFromText(u"host.lab.test"), 1, 1);
        QTRY_COMPARE_WITH_TIMEOUT(rig.cache.lookup(key, rig.clock.nowMs()).freshness,
                                  Cache::Freshness::Fresh, 10000);
        QVERIFY(!rig.forwarder->inOutage());
    }

    void clientWithoutEdnsGetsNoOpt()
    {
        Rig rig;
        QList<QByteArray> replies;
        rig.ask(query(u"host.lab.test"_qs, 9, false), replies);
        QTRY_COMPARE_WITH_TIMEOUT(replies.size(), 1, 10000);
        const Dns::Message message = Dns::Message::parse(replies.front());
        QVERIFY(message.ok());
        QVERIFY(!message.edns);
    }

    void pendingQuestionsAreBounded()
    {
        ResolverOptions options;
        options.maxPendingQuestions = 2;
        Rig rig(options);
        rig.upstream.setBehaviour({Test::FakeUpstream::Fault::Drop});
        QList<QByteArray> replies;
        rig.ask(query(u"a.lab.test"_qs), replies);
        rig.ask(query(u"b.lab.test"_qs), replies);
        rig.ask(query(u"c.lab.test"_qs), replies);
        QCOMPARE(replies.size(), 1);
        QCOMPARE(Dns::Message::parse(replies.front()).header.rcode(),
                 std::uint8_t(Dns::Rcode::ServFail));
        QCOMPARE(rig.counters.value(u"dns.servfail.overloaded"_qs), 1u);
        QCOMPARE(rig.resolver->pendingQuestions(), 2);
    }

    void popularEntryIsRefreshedBeforeExpiry()
    {
        Rig rig;
        QVERIFY(rig.askAndWait(u"host.lab.test"_qs).ok());
        QVERIFY(rig.askAndWait(u"host.lab.test"_qs).ok());
        QVERIFY(rig.askAndWait(u"host.lab.test"_qs).ok());
        QCOMPARE(rig.upstream.queriesReceived(), 1);
        rig.clock.advanceMs(95'000); // last 10 % of a 100 s TTL
        const Dns::Message hit = rig.askAndWait(u"host.lab.test"_qs);
        QCOMPARE(hit.answers.front().ttl, 5u);
        QTRY_COMPARE_WITH_TIMEOUT(rig.upstream.queriesReceived(), 2, 10000);
        QCOMPARE(rig.counters.value(u"dns.prefetches"_qs), 1u);
    }
};

QTEST_GUILESS_MAIN(TestResolver)
#include "TestResolver.moc"
