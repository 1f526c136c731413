#pragma once

#include <QtGlobal>

namespace Shoal {

// Time as the daemon's logic sees it: milliseconds since the Unix epoch. Wall time rather than
// a monotonic clock, because cache expiry has to mean the same thing after a restart. Every
// timer-driven decision (expiry, stale limits, peer timeouts, outage rechecks) takes its "now"
// from a Clock, so tests move time instead of sleeping.
class Clock
{
public:
    virtual ~Clock() = default;
    virtual qint64 nowMs() const = 0;
};

class SystemClock final : public Clock
{
public:
    qint64 nowMs() const override;
};

// A clock that only moves when told to; for tests.
class ManualClock final : public Clock
{
public:
    explicit ManualClock(qint64 startMs = 1'700'000'000'000) : m_nowMs(startMs) {}
    qint64 nowMs() const override { return m_nowMs; }
    void advanceMs(qint64 ms) { m_nowMs += ms; }
    void setMs(qint64 ms) { m_nowMs = ms; }

private:
    qint64 m_nowMs;
};

} // namespace Shoal
