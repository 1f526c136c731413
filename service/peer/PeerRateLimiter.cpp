#include "service/peer/PeerRateLimiter.h"

#include <algorithm>

namespace Shoal {

namespace {

constexpr qint64 tokenCost = 1000;
constexpr qint64 minPruneIntervalMs = 100; // a full table is scanned at most this often

} // namespace

PeerRateLimiter::PeerRateLimiter()
    : PeerRateLimiter(Limits{})
{}

PeerRateLimiter::PeerRateLimiter(const Limits &limits)
    : m_limits(limits)
{
    m_limits.ratePerSecond = std::max(1, m_limits.ratePerSecond);
    m_limits.burst = std::max(1, m_limits.burst);
    m_limits.maxKeys = std::max(1, m_limits.maxKeys);
}

bool PeerRateLimiter::allow(QByteArrayView key, qint64 nowMs)
{
    const QByteArray k = key.toByteArray();
    auto it = m_buckets.find(k);
    if (it == m_buckets.end()) {
        if (m_buckets.size() >= m_limits.maxKeys && !makeRoom(nowMs)) {
            ++m_refusedNewKeys;
            return false;
        }
        it = m_buckets.insert(k, Bucket{qint64(m_limits.burst) * tokenCost, nowMs});
    }
    refill(*it, nowMs);
    if (it->milliTokens < tokenCost)
        return false;
    it->milliTokens -= tokenCost;
    return true;
}

void PeerRateLimiter::refill(Bucket &bucket, qint64 nowMs) const
{
    const qint64 full = qint64(m_limits.burst) * tokenCost;
    // A clock that stepped back gives nothing; a long pause is capped at the time a refill
    // takes, so the product below cannot overflow.
    const qint64 refillMs = full / m_limits.ratePerSecond + 1;
    const qint64 elapsed = std::clamp<qint64>(nowMs - bucket.updatedMs, 0, refillMs);
    bucket.milliTokens = std::min(full, bucket.milliTokens + elapsed * m_limits.ratePerSecond);
    bucket.updatedMs = std::max(bucket.updatedMs, nowMs);
}

bool PeerRateLimiter::makeRoom(qint64 nowMs)
{
    if (m_lastPruneMs >= 0 && nowMs - m_lastPruneMs < minPruneIntervalMs && nowMs >= m_lastPruneMs)
        return false;
    m_lastPruneMs = nowMs;
    const qint64 full = qint64(m_limits.burst) * tokenCost;
    for (auto it = m_buckets.begin(); it != m_buckets.end();) {
        refill(*it, nowMs);
        it = it->milliTokens >= full ? m_buckets.erase(it) : std::next(it);
    }
    return m_buckets.size() < m_limits.maxKeys;
}

QByteArray PeerRateLimiter::keyFor(const NodeId &node)
{
    return 'n' + node.bytes();
}

QByteArray PeerRateLimiter::keyFor(const QHostAddress &address)
{
    const Q_IPV6ADDR bytes = address.toIPv6Address();
    return 'a' + QByteArray(reinterpret_cast<const char *>(bytes.c), 16);
}

} // namespace Shoal
