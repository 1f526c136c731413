#pragma once

#include <QtGlobal>
#include <cstddef>
#include <cstdint>

namespace Shoal {

// The bounds the cache applies to what it stores. TTLs in seconds, times in milliseconds.
struct CacheLimits
{
    std::uint32_t maxTtl = 86400;        // no record is kept longer than a day
    std::uint32_t minTtl = 0;            // raise to keep very short-lived answers a little
    std::uint32_t maxNegativeTtl = 3600; // RFC 2308 suggests one to three hours at most
    std::size_t maxEntryBytes = 16 * 1024;
    qint64 staleLimitMs = 24 * 3600 * 1000LL; // how long past expiry an answer may be served
    std::size_t maxBytes = 32 * 1024 * 1024;  // the whole cache, overheads included
};

} // namespace Shoal
