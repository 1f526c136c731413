#pragma once

#include "service/cache/StoredAnswer.h"

#include <cstdint>

namespace Shoal {

// One cache entry with the links of the three structures that hold it: the hash index chain,
// the recency list and the expiry heap. Intrusive links keep the per-entry overhead to a few
// words instead of a node allocation per structure.
struct CacheNode
{
    StoredAnswer answer;
    CacheNode *hashNext = nullptr;
    CacheNode *lruPrev = nullptr; // towards the most recently used
    CacheNode *lruNext = nullptr; // towards the least recently used
    std::uint32_t hash = 0;
    std::uint32_t heapIndex = 0;
};

} // namespace Shoal
