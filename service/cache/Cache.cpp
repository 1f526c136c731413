#include "service/cache/Cache.h"

#include "service/cache/CacheNode.h"
#include "service/common/Clock.h"
#include "service/common/Counters.h"
#include "service/dns/DnsName.h"

namespace Shoal {

namespace {

constexpr std::size_t allocatorOverhead = 2 * sizeof(void *); // glibc: 8 bytes per block, 2 blocks
constexpr std::size_t slotOverhead = 2 * sizeof(void *);      // hash bucket and heap slot
// Prefetch once an entry is in the last tenth of its life and has been asked for this often.
constexpr int prefetchLifeFraction = 10;
constexpr std::uint32_t prefetchMinHits = 2;

} // namespace

Cache::Cache(const CacheLimits &limits, Counters &counters, const Clock &clock)
    : m_limits(limits)
    , m_clock(clock)
    , m_inserted(counters.counter(u"cache.inserted"_qs, u"answers stored in the cache"_qs))
    , m_replaceRefused(counters.counter(u"cache.replace-refused"_qs,
                                        u"answers not stored: the cached one was better"_qs))
    , m_evicted(counters.counter(u"cache.evicted"_qs, u"entries evicted to stay in budget"_qs))
    , m_expired(counters.counter(u"cache.expired"_qs, u"entries dropped past their stale limit"_qs))
    , m_scrubbed(counters.counter(u"cache.scrubbed-records"_qs,
                                  u"records left out of stored answers: off the CNAME chain or "
                                  u"out of bailiwick"_qs))
    , m_keyMismatch(counters.counter(u"cache.insert-key-mismatch"_qs,
                                     u"answers not stored: key and question differ"_qs))
{}

Cache::~Cache()
{
    clear();
}

std::size_t Cache::entryCost(const StoredAnswer &answer)
{
    return answer.heapBytes() + sizeof(CacheNode) + slotOverhead + allocatorOverhead;
}

Cache::LookupResult Cache::lookup(QByteArrayView key, qint64 nowMs)
{
    CacheNode *node = m_index.find(key, CacheIndex::hashKey(key));
    if (!node)
        return {};
    StoredAnswer &answer = node->answer;
    if (nowMs >= answer.staleUntilMs) {
        drop(node);
        ++m_expired;
        return {};
    }
    ++answer.hitCount;
    answer.lastHitMs = nowMs;
    m_lru.moveToFront(node);
    if (nowMs >= answer.expiresAtMs)
        return {&answer, Freshness::Stale, false};
    return {&answer, Freshness::Fresh, isPrefetchDue(answer, nowMs)};
}

bool Cache::isPrefetchDue(StoredAnswer &answer, qint64 nowMs) const
{
    if (answer.prefetchReported || answer.hitCount < prefetchMinHits)
        return false;
    const qint64 lifetime = answer.expiresAtMs - answer.storedAtMs;
    if ((answer.expiresAtMs - nowMs) * prefetchLifeFraction > lifetime)
        return false;
    answer.prefetchReported = true;
    return true;
}

const StoredAnswer *Cache::find(QByteArrayView key) const
{
    const CacheNode *node = m_index.find(key, CacheIndex::hashKey(key));
    return node ? &node->answer : nullptr;
}

bool Cache::insert(QByteArrayView key, StoredAnswer answer)
{
    if (!answer.isValid() || answer.key() != key) {
        ++m_keyMismatch;
        return false;
    }
    const std::uint32_t hash = CacheIndex::hashKey(key);
    CacheNode *present = m_index.find(key, hash);
    if (present && !replaces(answer, present->answer)) {
        ++m_replaceRefused;
        return false;
    }
    ++m_inserted;
    m_scrubbed += answer.scrubbedRecords;
    if (present)
        replace(present, std::move(answer));
    else
        add(hash, std::move(answer));
    evictFor(m_lru.front(), m_clock.nowMs());
    return true;
}

bool Cache::replaces(const StoredAnswer &incoming, const StoredAnswer &present)
{
    if (present.isFromPeer() && !incoming.isFromPeer())
        return true;
    return incoming.expiresAtMs >= present.expiresAtMs;
}

void Cache::replace(CacheNode *node, StoredAnswer answer)
{
    Q_ASSERT(m_bytes >= entryCost(node->answer));
    m_bytes -= entryCost(node->answer);
    node->answer = std::move(answer);
    m_bytes += entryCost(node->answer);
    m_expiry.update(node);
    m_lru.moveToFront(node);
}

void Cache::add(std::uint32_t hash, StoredAnswer answer)
{
    auto *node = new CacheNode{std::move(answer)};
    node->hash = hash;
    m_index.insert(node);
    m_lru.pushFront(node);
    m_expiry.push(node);
    m_bytes += entryCost(node->answer);
}

// Evicts until the cache is within budget, never the entry just stored (`keep`): first
// entries that have expired (earliest expiry first), then the least recently used.
void Cache::evictFor(const CacheNode *keep, qint64 nowMs)
{
    while (m_bytes > m_limits.maxBytes && m_index.size() > 1) {
        CacheNode *victim = m_expiry.top();
        if (victim == keep || victim->answer.expiresAtMs > nowMs)
            victim = m_lru.back() != keep ? m_lru.back() : m_lru.back()->lruPrev;
        Q_ASSERT(victim && victim != keep);
        drop(victim);
        ++m_evicted;
    }
}

void Cache::drop(CacheNode *node)
{
    // The byte count is the budget's only measure: a drift would let the cache grow unbounded
    // or evict everything.
    Q_ASSERT(m_bytes >= entryCost(node->answer));
    m_bytes -= entryCost(node->answer);
    m_index.erase(node);
    m_lru.unlink(node);
    m_expiry.erase(node);
    delete node;
}

bool Cache::remove(QByteArrayView key)
{
    CacheNode *node = m_index.find(key, CacheIndex::hashKey(key));
    if (!node)
        return false;
    drop(node);
    return true;
}

int Cache::removeName(QByteArrayView wireName)
{
    const QByteArray lowered = Dns::lowercasedName(wireName);
    return removeIf(
        [&lowered](const StoredAnswer &answer) { return answer.questionName() == lowered; });
}

int Cache::removeSubtree(QByteArrayView wireName)
{
    return removeIf([wireName](const StoredAnswer &answer) {
        return Dns::isNameAtOrBelow(answer.questionName(), wireName);
    });
}

int Cache::removeIf(const std::function<bool(const StoredAnswer &)> &predicate)
{
    int removed = 0;
    for (CacheNode *node = m_lru.front(); node;) {
        CacheNode *next = node->lruNext;
        if (predicate(node->answer)) {
            drop(node);
            ++removed;
        }
        node = next;
    }
    return removed;
}

void Cache::clear()
{
    for (CacheNode *node = m_lru.front(); node;) {
        CacheNode *next = node->lruNext;
        delete node;
        node = next;
    }
    m_lru.reset();
    m_index.clear();
    m_expiry.clear();
    m_bytes = 0;
}

int Cache::purgeExpired(qint64 nowMs)
{
    // The heap is ordered by expiry; with one stale limit for all entries that is also the
    // order of stale deadlines. Entries saved under a different limit may wait for a lookup.
    int purged = 0;
    while (CacheNode *node = m_expiry.top()) {
        if (node->answer.staleUntilMs > nowMs)
            break;
        drop(node);
        ++m_expired;
        ++purged;
    }
    return purged;
}

void Cache::forEach(const Visitor &visitor) const
{
    for (const CacheNode *node = m_lru.front(); node; node = node->lruNext) {
        if (!visitor(node->answer))
            return;
    }
}

QList<CacheEntryInfo> Cache::list(qint64 nowMs, QStringView nameFilter, int offset, int limit) const
{
    QList<CacheEntryInfo> page;
    if (limit <= 0)
        return page;
    int matched = 0;
    forEach([&](const StoredAnswer &answer) {
        CacheEntryInfo info = CacheEntryInfo::of(answer, nowMs);
        if (!nameFilter.isEmpty() && !info.name.contains(nameFilter, Qt::CaseInsensitive))
            return true;
        if (matched++ >= offset)
            page.append(std::move(info));
        return page.size() < limit;
    });
    return page;
}

} // namespace Shoal
