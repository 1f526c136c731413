#include "service/control/CacheListing.h"

#include <algorithm>
#include <tuple>
#include <vector>

namespace Shoal::Control {

namespace {

// An entry with its sort keys worked out once, not at every comparison.
struct SortItem
{
    QString name; // lower-cased: DNS names compare without case
    QString source;
    const CacheEntry *entry = nullptr;
};

bool lessThan(const SortItem &a, const SortItem &b, CacheSort sort)
{
    const CacheEntry &x = *a.entry;
    const CacheEntry &y = *b.entry;
    const auto byName = [&] {
        return std::tie(a.name, x.type) < std::tie(b.name, y.type);
    };
    switch (sort) {
    case CacheSort::Name:
        return byName();
    case CacheSort::Type:
        return x.type != y.type ? x.type < y.type : byName();
    case CacheSort::Ttl:
        return x.ttlLeft != y.ttlLeft ? x.ttlLeft < y.ttlLeft : byName();
    case CacheSort::Hits:
        return x.hits != y.hits ? x.hits < y.hits : byName();
    case CacheSort::Source:
        return a.source != b.source ? a.source < b.source : byName();
    }
    return byName();
}

std::vector<SortItem> sortItems(const QList<CacheEntry> &entries)
{
    std::vector<SortItem> items;
    items.reserve(std::size_t(entries.size()));
    for (const CacheEntry &entry : entries)
        items.push_back({entry.name.toLower(), entry.source + u':' + entry.peer, &entry});
    return items;
}

} // namespace

bool CacheListing::matches(const CacheQuery &query, const QString &name, quint16 type, bool stale)
{
    if (query.type && *query.type != type)
        return false;
    if (query.staleOnly && !stale)
        return false;
    return name.contains(query.nameContains, Qt::CaseInsensitive);
}

CachePage CacheListing::page(const QList<CacheEntry> &entries, const CacheQuery &query)
{
    std::vector<SortItem> items = sortItems(entries);
    std::sort(items.begin(), items.end(), [&](const SortItem &a, const SortItem &b) {
        return query.descending ? lessThan(b, a, query.sort) : lessThan(a, b, query.sort);
    });
    CachePage result;
    result.total = int(items.size());
    result.offset = std::clamp(query.offset, 0, result.total);
    const int end = result.offset + std::clamp(query.limit, 0, result.total - result.offset);
    for (int i = result.offset; i < end; ++i)
        result.entries.append(*items[std::size_t(i)].entry);
    return result;
}

} // namespace Shoal::Control
