#pragma once

#include <QByteArrayView>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace Shoal {

struct CacheNode;

// The cache's hash table: separate chaining through CacheNode::hashNext, keyed by the entry's
// key bytes (which live inside its stored message), looked up by a key view without
// allocating. The hash is seeded per process, so names a client picks cannot be aimed at one
// chain.
class CacheIndex
{
public:
    CacheIndex();

    static std::uint32_t hashKey(QByteArrayView key);

    CacheNode *find(QByteArrayView key, std::uint32_t hash) const;
    // `node->hash` must be set and no node with the same key present.
    void insert(CacheNode *node);
    void erase(CacheNode *node);
    void clear();
    std::size_t size() const { return m_size; }
    std::size_t bucketCount() const { return m_buckets.size(); }

private:
    CacheNode *&bucket(std::uint32_t hash);
    void grow();

    std::vector<CacheNode *> m_buckets;
    std::size_t m_size = 0;
};

} // namespace Shoal
