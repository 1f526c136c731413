#include "service/upstream/OutageTracker.h"

#include <algorithm>

namespace Shoal {

OutageTracker::OutageTracker(qint64 recheckStartMs, qint64 recheckMaxMs)
    : m_recheckStartMs(std::max<qint64>(recheckStartMs, 1))
    , m_recheckMaxMs(std::max(recheckMaxMs, m_recheckStartMs))
    , m_intervalMs(m_recheckStartMs)
{}

bool OutageTracker::update(bool allDown, qint64 nowMs)
{
    if (allDown == m_inOutage)
        return false;
    m_inOutage = allDown;
    m_sinceMs = nowMs;
    m_intervalMs = m_recheckStartMs;
    m_nextRecheckMs = nowMs + m_recheckStartMs;
    m_nextProbeMs = nowMs + m_recheckStartMs;
    return true;
}

bool OutageTracker::recheckDue(qint64 nowMs) const
{
    return m_inOutage && reached(nowMs, m_nextRecheckMs, m_intervalMs);
}

void OutageTracker::recheckSent(qint64 nowMs)
{
    m_intervalMs = std::min(m_intervalMs * 2, m_recheckMaxMs);
    m_nextRecheckMs = nowMs + m_intervalMs;
}

bool OutageTracker::admitProbe(qint64 nowMs)
{
    if (!m_inOutage || !reached(nowMs, m_nextProbeMs, m_recheckStartMs))
        return false;
    m_nextProbeMs = nowMs + m_recheckStartMs;
    return true;
}

bool OutageTracker::reached(qint64 nowMs, qint64 dueMs, qint64 windowMs)
{
    return nowMs >= dueMs || dueMs - nowMs > windowMs;
}

} // namespace Shoal
