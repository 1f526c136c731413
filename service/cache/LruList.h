#pragma once

#include "service/cache/CacheNode.h"

#include <cstddef>

namespace Shoal {

// The cache's recency order: an intrusive doubly linked list through CacheNode, most recently
// used first.
class LruList
{
public:
    CacheNode *front() const { return m_front; }
    CacheNode *back() const { return m_back; }

    void pushFront(CacheNode *node)
    {
        node->lruPrev = nullptr;
        node->lruNext = m_front;
        if (m_front)
            m_front->lruPrev = node;
        m_front = node;
        if (!m_back)
            m_back = node;
    }

    void unlink(CacheNode *node)
    {
        (node->lruPrev ? node->lruPrev->lruNext : m_front) = node->lruNext;
        (node->lruNext ? node->lruNext->lruPrev : m_back) = node->lruPrev;
        node->lruPrev = node->lruNext = nullptr;
    }

    void moveToFront(CacheNode *node)
    {
        if (node == m_front)
            return;
        unlink(node);
        pushFront(node);
    }

    void reset() { m_front = m_back = nullptr; }

private:
    CacheNode *m_front = nullptr;
    CacheNode *m_back = nullptr;
};

} // namespace Shoal
