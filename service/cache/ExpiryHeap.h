#pragma once

#include <cstddef>
#include <vector>

namespace Shoal {

struct CacheNode;

// A binary min-heap of cache entries by expiry time, so the cache finds the entry that
// expired first (the one to evict before any live entry) without scanning. Each node knows
// its position (CacheNode::heapIndex), so an entry can be removed or re-keyed in O(log n).
class ExpiryHeap
{
public:
    CacheNode *top() const { return m_nodes.empty() ? nullptr : m_nodes.front(); }
    std::size_t size() const { return m_nodes.size(); }

    void push(CacheNode *node);
    void erase(CacheNode *node);
    // Restores the order after `node`'s expiry changed.
    void update(CacheNode *node);
    void clear();

private:
    bool less(std::size_t a, std::size_t b) const;
    void place(std::size_t index, CacheNode *node);
    void siftUp(std::size_t index);
    void siftDown(std::size_t index);

    std::vector<CacheNode *> m_nodes;
};

} // namespace Shoal
