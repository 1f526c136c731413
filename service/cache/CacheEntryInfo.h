#pragma once

#include "service/cache/AnswerSource.h"

#include <QString>
#include <cstdint>

namespace Shoal {

struct StoredAnswer;

// What the control channel shows of one cache entry.
struct CacheEntryInfo
{
    QString name; // presentation form, lower case
    std::uint16_t type = 0;
    std::uint16_t klass = 0;
    qint64 ttlLeftSeconds = 0; // negative once expired
    bool stale = false;
    bool negative = false;
    AnswerSource source;
    std::uint32_t hitCount = 0;

    static CacheEntryInfo of(const StoredAnswer &answer, qint64 nowMs);
};

} // namespace Shoal
