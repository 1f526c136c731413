#pragma once

#include "service/peer/NodeId.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QHash>
#include <QHostAddress>

namespace Shoal {

// A token bucket per peer: each message takes a token, tokens come back at `ratePerSecond` up
// to `burst`. Keyed by node id once a message is verified, and by source address before that
// (keyFor() keeps the two apart). Time is a parameter, so tests move it.
//
// Bounded to `maxKeys` buckets. When full, buckets that have refilled completely are dropped
// (forgetting them loses nothing: a new bucket starts full); if none has, a new key is refused
// until one does. So a flood of spoofed source addresses can delay a genuinely new peer by at
// most burst / ratePerSecond seconds, but cannot grow memory.
class PeerRateLimiter
{
public:
    struct Limits
    {
        int ratePerSecond = 100;
        int burst = 200;
        int maxKeys = 1024;
    };

    PeerRateLimiter();
    explicit PeerRateLimiter(const Limits &limits);

    bool allow(QByteArrayView key, qint64 nowMs);

    static QByteArray keyFor(const NodeId &node);
    static QByteArray keyFor(const QHostAddress &address);

    int size() const { return int(m_buckets.size()); }
    quint64 refusedNewKeys() const { return m_refusedNewKeys; }

private:
    struct Bucket
    {
        qint64 milliTokens = 0; // tokens x 1000, so refill is exact integer arithmetic
        qint64 updatedMs = 0;
    };

    void refill(Bucket &bucket, qint64 nowMs) const;
    bool makeRoom(qint64 nowMs);

    Limits m_limits;
    QHash<QByteArray, Bucket> m_buckets;
    qint64 m_lastPruneMs = -1;
    quint64 m_refusedNewKeys = 0;
};

} // namespace Shoal
