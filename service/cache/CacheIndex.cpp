#include "service/cache/CacheIndex.h"

#include "service/cache/CacheNode.h"

#include <QHashFunctions>

namespace Shoal {

namespace {

constexpr std::size_t initialBuckets = 64; // a power of two, like every later size

} // namespace

CacheIndex::CacheIndex()
    : m_buckets(initialBuckets, nullptr)
{}

std::uint32_t CacheIndex::hashKey(QByteArrayView key)
{
    const std::size_t hash =
        qHashBits(key.data(), std::size_t(key.size()), QHashSeed::globalSeed());
    return std::uint32_t(hash ^ (hash >> 32));
}

CacheNode *&CacheIndex::bucket(std::uint32_t hash)
{
    return m_buckets[hash & (m_buckets.size() - 1)];
}

CacheNode *CacheIndex::find(QByteArrayView key, std::uint32_t hash) const
{
    CacheNode *node = m_buckets[hash & (m_buckets.size() - 1)];
    for (; node; node = node->hashNext) {
        if (node->hash == hash && node->answer.key() == key)
            return node;
    }
    return nullptr;
}

void CacheIndex::insert(CacheNode *node)
{
    if (m_size >= m_buckets.size())
        grow();
    CacheNode *&head = bucket(node->hash);
    node->hashNext = head;
    head = node;
    ++m_size;
}

void CacheIndex::erase(CacheNode *node)
{
    for (CacheNode **link = &bucket(node->hash); *link; link = &(*link)->hashNext) {
        if (*link == node) {
            *link = node->hashNext;
            node->hashNext = nullptr;
            --m_size;
            return;
        }
    }
}

void CacheIndex::clear()
{
    m_buckets.assign(initialBuckets, nullptr);
    m_buckets.shrink_to_fit();
    m_size = 0;
}

void CacheIndex::grow()
{
    std::vector<CacheNode *> old(m_buckets.size() * 2, nullptr);
    old.swap(m_buckets);
    for (CacheNode *chain : old) {
        while (chain) {
            CacheNode *next = chain->hashNext;
            CacheNode *&head = bucket(chain->hash);
            chain->hashNext = head;
            head = chain;
            chain = next;
        }
    }
}

} // namespace Shoal
