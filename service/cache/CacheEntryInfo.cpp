#include "service/cache/CacheEntryInfo.h"

#include "service/cache/StoredAnswer.h"
#include "service/dns/DnsName.h"

namespace Shoal {

CacheEntryInfo CacheEntryInfo::of(const StoredAnswer &answer, qint64 nowMs)
{
    CacheEntryInfo info;
    const QByteArrayView key = answer.key();
    const qsizetype nameSize = key.size() - 4;
    const auto *typeAndClass = reinterpret_cast<const std::uint8_t *>(key.data()) + nameSize;
    info.name = Dns::nameToText(key.first(nameSize));
    info.type = Dns::readU16(typeAndClass);
    info.klass = Dns::readU16(typeAndClass + 2);
    // Floor division, so an entry 0.5 s past expiry already shows as expired.
    const qint64 leftMs = answer.expiresAtMs - nowMs;
    info.ttlLeftSeconds = leftMs >= 0 ? leftMs / 1000 : -((-leftMs + 999) / 1000);
    info.stale = nowMs >= answer.expiresAtMs;
    info.negative = answer.negative;
    info.source = answer.source();
    info.hitCount = answer.hitCount;
    return info;
}

} // namespace Shoal
