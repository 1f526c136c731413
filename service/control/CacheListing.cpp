#include "service/control/CacheListing.h"

#include <algorithm>
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

template<typename T> int compareValues(const T &a, const T &b)
{
    return a < b ? -1 : (b < a ? 1 : 0);
}

// Negative, zero or positive as `a` sorts before, with or after `b`: the chosen key first,
// then name and type, so the order is total and pages do not shift between calls.
int compare(const SortItem &a, const SortItem &b, CacheSort sort)
{
    const CacheEntry &x = *a.entry;
    const CacheEntry &y = *b.entry;
    int order = 0;
    switch (sort) {
    case CacheSort::Name:
        break;
    case CacheSort::Type:
        order = x.type.compare(y.type);
        break;
    case CacheSort::Ttl:
        order = compareValues(x.ttlLeft, y.ttlLeft);
        break;
    case CacheSort::Hits:
        order = compareValues(x.hits, y.hits);
        break;
    case CacheSort::Source:
        order = a.source.compare(b.source);
        break;
    }
    if (order == 0)
        order = a.name.compare(b.name);
    return order != 0 ? order : x.type.compare(y.type);
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
    // Only the entries up to the end of the page need to be in order.
    const auto pageEnd = std::size_t(
        std::clamp<qint64>(qint64(query.offset) + query.limit, 0, qint64(items.size())));
    const auto before = [&](const SortItem &a, const SortItem &b) {
        const int order = compare(a, b, query.sort);
        return query.descending ? order > 0 : order < 0;
    };
    if (pageEnd * 2 > items.size())
        std::sort(items.begin(), items.end(), before);
    else
        std::partial_sort(items.begin(), items.begin() + qsizetype(pageEnd), items.end(), before);
    CachePage result;
    result.total = int(items.size());
    result.offset = std::clamp(query.offset, 0, result.total);
    const int end = result.offset + std::clamp(query.limit, 0, result.total - result.offset);
    for (int i = result.offset; i < end; ++i)
        result.entries.append(*items[std::size_t(i)].entry);
    return result;
}

} // namespace Shoal::Control
