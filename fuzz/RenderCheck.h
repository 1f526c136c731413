#pragma once

#include <QtGlobal>

namespace Shoal {
struct StoredAnswer;
}

namespace Shoal::Fuzz {

// Renders `entry` the way the cache-hit path does -- fresh and stale, over UDP and TCP, for a
// query with and without EDNS whose name differs from the stored one in letter case -- and
// requires every reply to be a DNS message that parses, carries the query's ID and question as
// the client spelled it, fits what the client accepts over UDP, and holds the TTLs the mode
// promises.
void requireRendersCleanly(const StoredAnswer &entry, qint64 nowMs);

} // namespace Shoal::Fuzz
