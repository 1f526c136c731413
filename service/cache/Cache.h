#pragma once

#include "service/cache/CacheEntryInfo.h"
#include "service/cache/CacheIndex.h"
#include "service/cache/CacheLimits.h"
#include "service/cache/ExpiryHeap.h"
#include "service/cache/LruList.h"
#include "service/cache/StoredAnswer.h"

#include <QByteArrayView>
#include <QList>
#include <QStringView>
#include <cstddef>
#include <cstdint>
#include <functional>

namespace Shoal {

class Clock;
class Counters;

// The daemon's DNS cache: stored answers keyed by (lower-cased name, type, class) in the bytes
// of Dns::cacheKey / QueryView::key. Bounded in bytes; when over budget it evicts the entry that
// expired longest ago, and only when none has expired the least recently used one. Entries are
// served fresh until they expire, stale (RFC 8767) until their stale deadline, and dropped then.
//
// Pointers returned by lookup() and find() stay valid until the next call that changes the
// cache (insert, remove..., clear, purgeExpired, or a lookup that drops an entry).
class Cache
{
public:
    enum class Freshness : std::uint8_t
    {
        Miss,
        Fresh,
        Stale
    };

    struct LookupResult
    {
        const StoredAnswer *entry = nullptr;
        Freshness freshness = Freshness::Miss;
        // A popular entry is near its end: refresh it now, so it is fresh when needed. Reported
        // once per stored answer.
        bool prefetchDue = false;
    };

    // Called with each entry, most recently used first; return false to stop.
    using Visitor = std::function<bool(const StoredAnswer &)>;

    // `clock` gives the time for insert(), which evicts by it.
    Cache(const CacheLimits &limits, Counters &counters, const Clock &clock);
    ~Cache();
    Cache(const Cache &) = delete;
    Cache &operator=(const Cache &) = delete;

    // The hot path: no allocation. Counts a hit and makes the entry most recently used.
    LookupResult lookup(QByteArrayView key, qint64 nowMs);
    // Looks without counting a hit or changing the recency order.
    const StoredAnswer *find(QByteArrayView key) const;

    // Stores `answer` under `key` (which must be answer.key()), unless the entry already there
    // should win: an answer replaces another only if it expires no earlier, except that an
    // upstream answer always replaces a peer's. False when not stored.
    bool insert(QByteArrayView key, StoredAnswer answer);

    bool remove(QByteArrayView key);
    // Every type of `wireName`; returns how many entries went.
    int removeName(QByteArrayView wireName);
    // `wireName` and every name below it.
    int removeSubtree(QByteArrayView wireName);
    void clear();
    // Drops entries past their stale deadline, earliest expiry first; returns how many.
    int purgeExpired(qint64 nowMs);

    void forEach(const Visitor &visitor) const;
    // A page of the entries whose name contains `nameFilter` (case-insensitive; empty: all),
    // most recently used first.
    QList<CacheEntryInfo> list(qint64 nowMs, QStringView nameFilter, int offset, int limit) const;

    std::size_t entryCount() const { return m_index.size(); }
    std::size_t byteSize() const { return m_bytes; }
    const CacheLimits &limits() const { return m_limits; }
    // The bytes an entry counts against CacheLimits::maxBytes: its heap block (message with the
    // key in it, TTL offsets, peer id), its node with the links, its hash bucket and heap slots,
    // and the allocator's bookkeeping for the two blocks.
    static std::size_t entryCost(const StoredAnswer &answer);

private:
    static bool replaces(const StoredAnswer &incoming, const StoredAnswer &present);
    bool isPrefetchDue(StoredAnswer &answer, qint64 nowMs) const;
    void replace(CacheNode *node, StoredAnswer answer);
    void add(std::uint32_t hash, StoredAnswer answer);
    void evictFor(const CacheNode *keep, qint64 nowMs);
    void drop(CacheNode *node);
    int removeIf(const std::function<bool(const StoredAnswer &)> &predicate);

    CacheLimits m_limits;
    const Clock &m_clock;
    CacheIndex m_index;
    LruList m_lru;
    ExpiryHeap m_expiry;
    std::size_t m_bytes = 0;

    quint64 &m_inserted;
    quint64 &m_replaceRefused;
    quint64 &m_evicted;
    quint64 &m_expired;
    quint64 &m_scrubbed;
    quint64 &m_keyMismatch;
};

} // namespace Shoal
