#pragma once

#include "service/common/Clock.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QSet>
#include <deque>

namespace Shoal {

// Rejects a signed message seen before. TSIG alone accepts a captured message again for as long
// as its time is within the fudge window; this remembers (key name, time signed, MAC prefix) of
// every accepted message until that window has passed, and refuses the same triple again.
//
// Bounded: at most `capacity` entries; when full the oldest is forgotten (and counted in
// evicted()). Known limit: a member that floods more than `capacity` distinct signed messages
// within the window pushes older ones out, after which a replay of those passes. Only a key
// holder can cause that, and the flood itself is rate limited per peer.
class ReplayGuard
{
public:
    static constexpr int defaultCapacity = 4096;
    static constexpr int macPrefixBytes = 16;

    explicit ReplayGuard(const Clock &clock, int capacity = defaultCapacity,
                         qint64 windowSeconds = 300);

    // True (and remembered) for a message not seen before; false for a replay.
    bool admit(QByteArrayView keyName, quint64 timeSigned, QByteArrayView mac);

    int size() const { return int(m_seen.size()); }
    quint64 evicted() const { return m_evicted; }

private:
    struct Entry
    {
        QByteArray fingerprint;
        qint64 forgetAtMs = 0;
    };

    void forgetExpired();

    const Clock &m_clock;
    int m_capacity;
    qint64 m_windowMs;
    QSet<QByteArray> m_seen;   // fingerprints of the entries in m_order
    std::deque<Entry> m_order; // insertion order, oldest first
    quint64 m_evicted = 0;
};

} // namespace Shoal
