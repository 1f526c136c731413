#include "service/peer/ReplayGuard.h"

namespace Shoal {

ReplayGuard::ReplayGuard(const Clock &clock, int capacity, qint64 windowSeconds)
    : m_clock(clock)
    , m_capacity(std::max(1, capacity))
    , m_windowMs(windowSeconds * 1000)
{}

bool ReplayGuard::admit(QByteArrayView keyName, quint64 timeSigned, QByteArrayView mac)
{
    forgetExpired();
    QByteArray fingerprint = keyName.toByteArray();
    fingerprint += QByteArray::number(timeSigned);
    fingerprint += ':';
    fingerprint += mac.first(std::min<qsizetype>(mac.size(), macPrefixBytes)).toByteArray();
    if (m_seen.contains(fingerprint))
        return false;

    if (int(m_order.size()) >= m_capacity) {
        m_seen.remove(m_order.front().fingerprint);
        m_order.pop_front();
        ++m_evicted;
    }
    // The message stays acceptable to TSIG until timeSigned + window; one second more covers
    // the rounding of "now" to whole seconds.
    const qint64 forgetAtMs = qint64(timeSigned) * 1000 + m_windowMs + 1000;
    m_seen.insert(fingerprint);
    m_order.push_back({fingerprint, forgetAtMs});
    // One fingerprint per entry in time order, and no more of them than the capacity: a gap
    // between the two would either grow without bound or forget a message too early.
    Q_ASSERT(m_seen.size() == qsizetype(m_order.size()));
    Q_ASSERT(int(m_order.size()) <= m_capacity);
    return true;
}

// Entries were added roughly in time order, so expired ones gather at the front. One whose
// neighbour in front lives longer waits for it; it still counts against the capacity, which
// keeps the bound.
void ReplayGuard::forgetExpired()
{
    const qint64 now = m_clock.nowMs();
    while (!m_order.empty() && m_order.front().forgetAtMs <= now) {
        m_seen.remove(m_order.front().fingerprint);
        m_order.pop_front();
    }
}

} // namespace Shoal
