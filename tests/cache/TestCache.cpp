#include "ReplyWriter.h"
#include "service/cache/Cache.h"
#include "service/cache/StoredAnswer.h"
#include "service/common/Clock.h"
#include "service/common/Counters.h"
#include "service/dns/DnsName.h"
#include "service/dns/Message.h"

#include <QTest>

using namespace Shoal;

namespace {

constexpr std::uint16_t typeA = 1, typeAaaa = 28;

QByteArray keyOf(const QString &name, std::uint16_t type = typeA)
{
    return Dns::cacheKey(TestDns::wireName(name), type, 1);
}

StoredAnswer answerFor(const QString &name, std::uint32_t ttl, qint64 nowMs,
                       const AnswerSource &source = AnswerSource::upstream(),
                       std::uint16_t type = typeA, const CacheLimits &limits = {})
{
    ReplyWriter writer(name, type);
    if (type == typeA)
        writer.answer(name, typeA, ttl, ReplyWriter::a("192.0.2.1"));
    else
        writer.answer(name, type, ttl, ReplyWriter::aaaa("2001:db8::1"));
    const QByteArray wire = writer.wire();
    auto answer = StoredAnswer::fromReply(Dns::Message::parse(wire), wire, nowMs, limits, source);
    Q_ASSERT(answer);
    return std::move(*answer);
}

struct Fixture
{
    explicit Fixture(CacheLimits limits = {})
        : cache(limits, counters, clock)
    {}

    bool put(const QString &name, std::uint32_t ttl,
             const AnswerSource &source = AnswerSource::upstream(), std::uint16_t type = typeA)
    {
        return cache.insert(keyOf(name, type),
                            answerFor(name, ttl, clock.nowMs(), source, type, cache.limits()));
    }

    Cache::Freshness freshness(const QString &name, std::uint16_t type = typeA)
    {
        return cache.lookup(keyOf(name, type), clock.nowMs()).freshness;
    }

    ManualClock clock;
    Counters counters;
    Cache cache;
};

CacheLimits withStaleLimit(qint64 ms)
{
    CacheLimits limits;
    limits.staleLimitMs = ms;
    return limits;
}

} // namespace

class TestCache : public QObject
{
    Q_OBJECT

private slots:
    void freshThenStaleThenMiss()
    {
        Fixture f(withStaleLimit(3600'000));
        QCOMPARE(f.freshness(u"a.test"_qs), Cache::Freshness::Miss);
        QVERIFY(f.put(u"a.test"_qs, 300));
        QCOMPARE(f.freshness(u"a.test"_qs), Cache::Freshness::Fresh);
        QCOMPARE(f.freshness(u"A.TEST"_qs), Cache::Freshness::Fresh); // keys ignore case
        f.clock.advanceMs(299'999);
        QCOMPARE(f.freshness(u"a.test"_qs), Cache::Freshness::Fresh);
        f.clock.advanceMs(1);
        QCOMPARE(f.freshness(u"a.test"_qs), Cache::Freshness::Stale);
        f.clock.advanceMs(3600'000 - 1);
        QCOMPARE(f.freshness(u"a.test"_qs), Cache::Freshness::Stale);
        QCOMPARE(f.counters.value(u"cache.expired"_qs), 0u);
        f.clock.advanceMs(1);
        QCOMPARE(f.freshness(u"a.test"_qs), Cache::Freshness::Miss);
        QCOMPARE(f.counters.value(u"cache.expired"_qs), 1u);
        QCOMPARE(f.cache.entryCount(), std::size_t(0));
        QCOMPARE(f.cache.byteSize(), std::size_t(0));
    }

    void lookupCountsHits()
    {
        Fixture f;
        f.put(u"a.test"_qs, 300);
        f.clock.advanceMs(5'000);
        const Cache::LookupResult hit = f.cache.lookup(keyOf(u"a.test"_qs), f.clock.nowMs());
        QCOMPARE(hit.entry->hitCount, 1u);
        QCOMPARE(hit.entry->lastHitMs, f.clock.nowMs());
        QCOMPARE(f.cache.find(keyOf(u"a.test"_qs))->hitCount, 1u);
    }

    void prefetchIsDueOnceNearTheEndOfPopularEntries()
    {
        Fixture f;
        f.put(u"a.test"_qs, 100);
        const QByteArray key = keyOf(u"a.test"_qs);
        QVERIFY(!f.cache.lookup(key, f.clock.nowMs()).prefetchDue);
        f.clock.advanceMs(89'999);
        QVERIFY(!f.cache.lookup(key, f.clock.nowMs()).prefetchDue); // 2 hits, not yet in last 10 %
        f.clock.advanceMs(1);
        QVERIFY(f.cache.lookup(key, f.clock.nowMs()).prefetchDue);
        QVERIFY(!f.cache.lookup(key, f.clock.nowMs()).prefetchDue); // reported once

        f.put(u"a.test"_qs, 100); // the refresh arrives: a new entry, a new flag
        f.clock.advanceMs(95'000);
        QVERIFY(!f.cache.lookup(key, f.clock.nowMs()).prefetchDue); // first hit only
        QVERIFY(f.cache.lookup(key, f.clock.nowMs()).prefetchDue);
    }

    void unpopularEntriesAreNotPrefetched()
    {
        Fixture f;
        f.put(u"a.test"_qs, 100);
        f.clock.advanceMs(95'000);
        QVERIFY(!f.cache.lookup(keyOf(u"a.test"_qs), f.clock.nowMs()).prefetchDue);
        f.clock.advanceMs(10'000); // stale now: a stale hit never asks for a prefetch
        QVERIFY(!f.cache.lookup(keyOf(u"a.test"_qs), f.clock.nowMs()).prefetchDue);
    }

    void evictionPrefersStaleThenLeastRecentlyUsed()
    {
        const std::size_t cost = Cache::entryCost(answerFor(u"n1.test"_qs, 60, 0));
        CacheLimits limits;
        limits.maxBytes = 3 * cost;
        Fixture f(limits);
        f.put(u"n1.test"_qs, 600);
        f.put(u"n2.test"_qs, 60);
        f.put(u"n3.test"_qs, 600);
        QCOMPARE(f.cache.entryCount(), std::size_t(3));
        f.clock.advanceMs(120'000); // n2 is stale, n1 the least recently used
        f.put(u"n4.test"_qs, 600);
        QCOMPARE(f.cache.entryCount(), std::size_t(3));
        QVERIFY(!f.cache.find(keyOf(u"n2.test"_qs)));
        QVERIFY(f.cache.find(keyOf(u"n1.test"_qs)));

        QCOMPARE(f.freshness(u"n1.test"_qs), Cache::Freshness::Fresh); // n3 is now the LRU one
        f.put(u"n5.test"_qs, 600);
        QVERIFY(!f.cache.find(keyOf(u"n3.test"_qs)));
        QVERIFY(f.cache.find(keyOf(u"n1.test"_qs)));
        QVERIFY(f.cache.find(keyOf(u"n5.test"_qs)));
        QCOMPARE(f.counters.value(u"cache.evicted"_qs), 2u);
        QVERIFY(f.cache.byteSize() <= limits.maxBytes);
    }

    void byteSizeFollowsInsertsAndRemovals()
    {
        Fixture f;
        f.put(u"a.test"_qs, 60);
        const std::size_t one = f.cache.byteSize();
        QCOMPARE(one, Cache::entryCost(*f.cache.find(keyOf(u"a.test"_qs))));
        f.put(u"b.test"_qs, 60);
        QVERIFY(f.cache.byteSize() > one);
        f.put(u"a.test"_qs, 120); // replaced, not added
        QCOMPARE(f.cache.entryCount(), std::size_t(2));
        QVERIFY(f.cache.remove(keyOf(u"b.test"_qs)));
        QCOMPARE(f.cache.byteSize(), one);
        QVERIFY(!f.cache.remove(keyOf(u"b.test"_qs)));
        f.cache.clear();
        QCOMPARE(f.cache.byteSize(), std::size_t(0));
        QCOMPARE(f.cache.entryCount(), std::size_t(0));
        QCOMPARE(f.counters.value(u"cache.inserted"_qs), 3u);
    }

    void laterExpiryWinsAndUpstreamBeatsPeer()
    {
        Fixture f;
        const AnswerSource peer = AnswerSource::peer(u"peer-1"_qs);
        QVERIFY(f.put(u"a.test"_qs, 300));
        QVERIFY(!f.put(u"a.test"_qs, 100, peer)); // a peer's shorter answer loses
        QVERIFY(!f.cache.find(keyOf(u"a.test"_qs))->isFromPeer());
        QVERIFY(f.put(u"a.test"_qs, 500, peer)); // a later expiry wins
        QVERIFY(f.cache.find(keyOf(u"a.test"_qs))->isFromPeer());
        QVERIFY(f.put(u"a.test"_qs, 10)); // upstream always replaces a peer's answer
        QVERIFY(!f.cache.find(keyOf(u"a.test"_qs))->isFromPeer());
        QCOMPARE(f.counters.value(u"cache.replace-refused"_qs), 1u);
    }

    void staleAnswerNeverReplacesFresherOne()
    {
        Fixture f;
        QVERIFY(f.put(u"a.test"_qs, 300));
        QVERIFY(!f.cache.insert(keyOf(u"a.test"_qs),
                                answerFor(u"a.test"_qs, 60, f.clock.nowMs() - 3600'000)));
        QCOMPARE(f.freshness(u"a.test"_qs), Cache::Freshness::Fresh);
    }

    void insertUnderAnotherKeyIsRefused()
    {
        Fixture f;
        QVERIFY(!f.cache.insert(keyOf(u"b.test"_qs), answerFor(u"a.test"_qs, 60, f.clock.nowMs())));
        QVERIFY(!f.cache.insert(keyOf(u"a.test"_qs), StoredAnswer()));
        QCOMPARE(f.cache.entryCount(), std::size_t(0));
        QCOMPARE(f.counters.value(u"cache.insert-key-mismatch"_qs), 2u);
    }

    void removeNameAndSubtree()
    {
        Fixture f;
        f.put(u"www.example.test"_qs, 60);
        f.put(u"www.example.test"_qs, 60, AnswerSource::upstream(), typeAaaa);
        f.put(u"a.b.example.test"_qs, 60);
        f.put(u"example.test"_qs, 60);
        f.put(u"badexample.test"_qs, 60);
        QCOMPARE(f.cache.removeName(TestDns::wireName(u"WWW.Example.TEST"_qs)), 2);
        QCOMPARE(f.cache.entryCount(), std::size_t(3));
        QCOMPARE(f.cache.removeSubtree(TestDns::wireName(u"Example.test"_qs)), 2);
        QCOMPARE(f.cache.entryCount(), std::size_t(1));
        QVERIFY(f.cache.find(keyOf(u"badexample.test"_qs)));
    }

    void purgeDropsOnlyEntriesPastTheStaleLimit()
    {
        Fixture f(withStaleLimit(1000'000));
        f.put(u"short.test"_qs, 10);
        f.put(u"long.test"_qs, 3000);
        f.clock.advanceMs(1010'000);
        QCOMPARE(f.cache.purgeExpired(f.clock.nowMs()), 1);
        QVERIFY(!f.cache.find(keyOf(u"short.test"_qs)));
        QVERIFY(f.cache.find(keyOf(u"long.test"_qs)));
    }

    void listFiltersAndPages()
    {
        Fixture f;
        for (int i = 0; i < 5; ++i)
            f.put(u"host%1.lab.test"_qs.arg(i), 60);
        f.put(u"other.test"_qs, 60, AnswerSource::peer(u"peer-9"_qs));
        QCOMPARE(f.cache.list(f.clock.nowMs(), {}, 0, 100).size(), 6);
        const QList<CacheEntryInfo> page = f.cache.list(f.clock.nowMs(), u"LAB"_qs, 1, 2);
        QCOMPARE(page.size(), 2);
        QCOMPARE(page[0].name, u"host3.lab.test."_qs); // most recent first: 4, 3, 2 ...
        QCOMPARE(page[1].name, u"host2.lab.test."_qs);
        const QList<CacheEntryInfo> other = f.cache.list(f.clock.nowMs(), u"other"_qs, 0, 10);
        QCOMPARE(other.size(), 1);
        QCOMPARE(other[0].type, typeA);
        QCOMPARE(other[0].ttlLeftSeconds, 60);
        QCOMPARE(other[0].source.peerId, u"peer-9"_qs);
        f.clock.advanceMs(61'000);
        const CacheEntryInfo stale = f.cache.list(f.clock.nowMs(), u"other"_qs, 0, 1).front();
        QVERIFY(stale.stale);
        QCOMPARE(stale.ttlLeftSeconds, -1);
    }

    void manyEntriesStayConsistent()
    {
        Fixture f;
        for (int i = 0; i < 3000; ++i)
            QVERIFY(f.put(u"n%1.test"_qs.arg(i), std::uint32_t(60 + i % 500)));
        QCOMPARE(f.cache.entryCount(), std::size_t(3000));
        for (int i = 0; i < 3000; i += 2)
            QVERIFY(f.cache.remove(keyOf(u"n%1.test"_qs.arg(i))));
        for (int i = 1; i < 3000; i += 2)
            QCOMPARE(f.freshness(u"n%1.test"_qs.arg(i)), Cache::Freshness::Fresh);
        f.clock.advanceMs(600'000 + CacheLimits().staleLimitMs);
        QCOMPARE(f.cache.purgeExpired(f.clock.nowMs()), 1500);
        QCOMPARE(f.cache.byteSize(), std::size_t(0));
    }
};

QTEST_APPLESS_MAIN(TestCache)
#include "TestCache.moc"
