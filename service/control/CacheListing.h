#pragma once

#include "shared/control/ControlTypes.h"

#include <QList>
#include <QString>

namespace Shoal::Control {

// The filter, order and paging of the "cache" method, in one place: the daemon's backend uses
// matches() to skip entries before rendering them, and the control server sorts and pages
// what the backend returns, so every backend lists the cache the same way.
class CacheListing
{
public:
    // Whether an entry named `name` (presentation form) of record type `type` is wanted.
    static bool matches(const CacheQuery &query, const QString &name, quint16 type, bool stale);

    // Sorts `entries` as the query asks (ties broken by name, then type) and cuts out the page.
    static CachePage page(const QList<CacheEntry> &entries, const CacheQuery &query);
};

} // namespace Shoal::Control
