#include "service/cache/CacheRefusal.h"

namespace Shoal {

const char *cacheRefusalName(CacheRefusal refusal)
{
    switch (refusal) {
    case CacheRefusal::None:
        return "none";
    case CacheRefusal::NotAnswer:
        return "not-answer";
    case CacheRefusal::Truncated:
        return "truncated";
    case CacheRefusal::Rcode:
        return "rcode";
    case CacheRefusal::QuestionType:
        return "question-type";
    case CacheRefusal::NoSoa:
        return "no-soa";
    case CacheRefusal::BadRecord:
        return "bad-record";
    case CacheRefusal::ZeroTtl:
        return "zero-ttl";
    case CacheRefusal::Oversize:
        return "oversize";
    case CacheRefusal::Inconsistent:
        return "inconsistent";
    }
    return "unknown";
}

} // namespace Shoal
