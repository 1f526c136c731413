#include "service/upstream/UpstreamHealth.h"

#include <algorithm>
#include <cmath>

namespace Shoal {

namespace {

constexpr double srttGain = 1.0 / 8;   // RFC 6298 alpha
constexpr double rttvarGain = 1.0 / 4; // RFC 6298 beta

int clampedCeil(double value, int low, int high)
{
    return std::clamp(int(std::min(std::ceil(value), double(high))), low, high);
}

} // namespace

void UpstreamHealth::recordSuccess(qint64 rttMs, qint64 nowMs)
{
    addRttSample(double(std::max<qint64>(rttMs, 0)));
    m_consecutiveFailures = 0;
    m_lastSuccessMs = nowMs;
    ++m_answers;
}

void UpstreamHealth::recordFailure(qint64 nowMs)
{
    // Saturate: the count only has to tell "down", and a server dead for years must not wrap.
    m_consecutiveFailures = std::min(m_consecutiveFailures + 1, 1'000'000);
    m_lastFailureMs = nowMs;
}

int UpstreamHealth::timeoutMs() const
{
    if (!m_hasSample)
        return initialTimeoutMs;
    return clampedCeil(m_srttMs + 4 * m_rttvarMs, minTimeoutMs, maxTimeoutMs);
}

int UpstreamHealth::hedgeDelayMs() const
{
    if (!m_hasSample)
        return initialHedgeDelayMs;
    return clampedCeil(m_srttMs + 2 * m_rttvarMs, minHedgeDelayMs, maxHedgeDelayMs);
}

void UpstreamHealth::addRttSample(double rttMs)
{
    if (!m_hasSample) {
        m_srttMs = rttMs;
        m_rttvarMs = rttMs / 2;
        m_hasSample = true;
        return;
    }
    m_rttvarMs = (1 - rttvarGain) * m_rttvarMs + rttvarGain * std::abs(m_srttMs - rttMs);
    m_srttMs = (1 - srttGain) * m_srttMs + srttGain * rttMs;
}

} // namespace Shoal
