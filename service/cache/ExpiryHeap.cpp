#include "service/cache/ExpiryHeap.h"

#include "service/cache/CacheNode.h"

namespace Shoal {

void ExpiryHeap::push(CacheNode *node)
{
    m_nodes.push_back(node);
    node->heapIndex = std::uint32_t(m_nodes.size() - 1);
    siftUp(m_nodes.size() - 1);
}

void ExpiryHeap::erase(CacheNode *node)
{
    const std::size_t index = node->heapIndex;
    CacheNode *last = m_nodes.back();
    m_nodes.pop_back();
    if (last == node)
        return;
    place(index, last);
    update(last);
}

void ExpiryHeap::update(CacheNode *node)
{
    siftUp(node->heapIndex);
    siftDown(node->heapIndex);
}

void ExpiryHeap::clear()
{
    m_nodes.clear();
    m_nodes.shrink_to_fit();
}

bool ExpiryHeap::less(std::size_t a, std::size_t b) const
{
    return m_nodes[a]->answer.expiresAtMs < m_nodes[b]->answer.expiresAtMs;
}

void ExpiryHeap::place(std::size_t index, CacheNode *node)
{
    m_nodes[index] = node;
    node->heapIndex = std::uint32_t(index);
}

void ExpiryHeap::siftUp(std::size_t index)
{
    while (index > 0) {
        const std::size_t parent = (index - 1) / 2;
        if (!less(index, parent))
            return;
        CacheNode *child = m_nodes[index];
        place(index, m_nodes[parent]);
        place(parent, child);
        index = parent;
    }
}

void ExpiryHeap::siftDown(std::size_t index)
{
    for (;;) {
        std::size_t smallest = index;
        for (const std::size_t child : {2 * index + 1, 2 * index + 2}) {
            if (child < m_nodes.size() && less(child, smallest))
                smallest = child;
        }
        if (smallest == index)
            return;
        CacheNode *node = m_nodes[index];
        place(index, m_nodes[smallest]);
        place(smallest, node);
        index = smallest;
    }
}

} // namespace Shoal
