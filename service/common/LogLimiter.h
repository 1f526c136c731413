#pragma once

#include <QtGlobal>

namespace Shoal {

// Lets through at most `burst` log lines per `intervalMs`, so hostile traffic can never flood
// the journal. Use one per log phrase:  if (m_limiter.allow(now)) qCWarning(...) << ...;
// `suppressed()` tells how many lines were held back since the last one let through, which the
// next line should mention.
class LogLimiter
{
public:
    explicit LogLimiter(int burst = 5, qint64 intervalMs = 60'000)
        : m_burst(burst)
        , m_intervalMs(intervalMs)
    {
    }

    bool allow(qint64 nowMs)
    {
        if (nowMs - m_windowStartMs >= m_intervalMs || nowMs < m_windowStartMs) {
            m_windowStartMs = nowMs;
            m_used = 0;
        }
        if (m_used < m_burst) {
            ++m_used;
            m_reportedSuppressed = m_suppressed;
            m_suppressed = 0;
            return true;
        }
        ++m_suppressed;
        return false;
    }

    // Lines held back before the one just allowed.
    quint64 suppressed() const { return m_reportedSuppressed; }

private:
    int m_burst;
    qint64 m_intervalMs;
    qint64 m_windowStartMs = 0;
    int m_used = 0;
    quint64 m_suppressed = 0;
    quint64 m_reportedSuppressed = 0;
};

} // namespace Shoal
