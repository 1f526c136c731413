#pragma once

#include <cstdint>

namespace Shoal {

// Why a reply (or a saved entry) is not taken into the cache. Each value names a counter
// ("cache.uncacheable.<name>", "cache.load-rejected.<name>") so an operator sees why.
enum class CacheRefusal : std::uint8_t
{
    None,
    NotAnswer,    // not a parsed reply to one QUERY question
    Truncated,    // TC set: the full answer needs TCP
    Rcode,        // neither NOERROR nor NXDOMAIN
    QuestionType, // ANY, zone transfers, meta types
    NoSoa,        // negative answer without an SOA (RFC 2308 section 5: do not cache)
    BadRecord,    // RDATA whose names or fixed fields do not fit its length
    ZeroTtl,      // lifetime of zero seconds
    Oversize,     // stored form larger than CacheLimits::maxEntryBytes
    Inconsistent, // saved entry whose wire, key, times or TTLs do not agree
};

const char *cacheRefusalName(CacheRefusal refusal);

} // namespace Shoal
