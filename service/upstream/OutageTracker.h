#pragma once

#include <QtGlobal>

namespace Shoal {

// The outage state of the upstream side and its recheck schedule, as pure logic on
// caller-supplied times so tests drive it with a ManualClock.
//
// An outage begins when every server is down and ends when one answers again. While it lasts,
// rechecks are due at growing intervals: the first `recheckStartMs` after the outage began,
// then doubling up to `recheckMaxMs` (RFC 8767 suggests a 30 s start). Independently, at most
// one real client question per `recheckStartMs` is let through to the servers as a probe;
// every other question fails at once.
//
// Wall time may jump backwards; a schedule that lies further ahead than its interval is
// treated as due rather than left stuck for hours.
class OutageTracker
{
public:
    OutageTracker(qint64 recheckStartMs, qint64 recheckMaxMs);

    // Feeds the current "are all servers down" verdict; true when the state changed.
    bool update(bool allDown, qint64 nowMs);

    bool inOutage() const { return m_inOutage; }
    // When the current state (outage or not) began; 0 before the first outage.
    qint64 sinceMs() const { return m_sinceMs; }

    bool recheckDue(qint64 nowMs) const;
    // Records that a recheck was sent at `nowMs` and schedules the next one, twice as far.
    void recheckSent(qint64 nowMs);
    qint64 nextRecheckMs() const { return m_nextRecheckMs; }
    qint64 recheckIntervalMs() const { return m_intervalMs; }

    // During an outage: whether a real question may go to the servers now. Admitting one
    // starts the next probe window.
    bool admitProbe(qint64 nowMs);

private:
    static bool reached(qint64 nowMs, qint64 dueMs, qint64 windowMs);

    qint64 m_recheckStartMs;
    qint64 m_recheckMaxMs;
    bool m_inOutage = false;
    qint64 m_sinceMs = 0;
    qint64 m_intervalMs;
    qint64 m_nextRecheckMs = 0;
    qint64 m_nextProbeMs = 0;
};

} // namespace Shoal
