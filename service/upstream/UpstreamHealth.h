#pragma once

#include <QtGlobal>

namespace Shoal {

// What Shoal knows about one upstream server: a smoothed round-trip time and its variance
// (the estimator of RFC 6298: gains 1/8 and 1/4), consecutive failures and when it last
// answered or failed. Pure bookkeeping: the Forwarder feeds it samples and reads from it the
// timeout for the next query, the hedge delay, and whether the server counts as up.
//
// Only reachability counts: a query that never got a valid reply or a network error is a
// failure, a valid reply is a success (a late one too, with its real RTT). A reply with an
// error code (SERVFAIL, REFUSED, ...) proves the server is reachable but is no useful answer,
// so it changes neither the failure count nor the RTT.
//
// The timeout only decides when the Forwarder tries again or elsewhere; the first attempt
// keeps listening. Its floor is high because the upstream is usually a recursive resolver:
// answers from its cache take a millisecond on a LAN, a cold name often takes hundreds, and
// retrying after a cached-answer RTT would only multiply queries. Clients do not wait for it:
// the resolver serves stale data and asks peers on its own, shorter, schedule.
class UpstreamHealth
{
public:
    static constexpr int minTimeoutMs = 400;
    static constexpr int maxTimeoutMs = 2000;
    static constexpr int initialTimeoutMs = 800; // before the first sample
    static constexpr int minHedgeDelayMs = 30;
    static constexpr int maxHedgeDelayMs = 250;
    static constexpr int initialHedgeDelayMs = 200; // before the first sample
    static constexpr int failuresUntilDown = 3;
    // Sorting weight of a server never measured, so the configured order decides among
    // unmeasured servers and a fast measured one goes ahead of them.
    static constexpr double unmeasuredRttMs = 200.0;

    void recordQuerySent() { ++m_queriesSent; }
    void recordSuccess(qint64 rttMs, qint64 nowMs);
    void recordErrorReply() { ++m_answers; }
    void recordFailure(qint64 nowMs);

    bool hasRttSample() const { return m_hasSample; }
    double srttMs() const { return m_srttMs; }
    double rttvarMs() const { return m_rttvarMs; }
    // Smoothed RTT for ordering servers: unmeasuredRttMs before the first sample.
    double rankingRttMs() const { return m_hasSample ? m_srttMs : unmeasuredRttMs; }

    // How long to wait for this server's reply before trying again:
    // clamp(srtt + 4 * rttvar, 400, 2000).
    int timeoutMs() const;
    // How long to wait for this server before asking peers as well:
    // clamp(srtt + 2 * rttvar, 30, 250).
    int hedgeDelayMs() const;
    bool isUp() const { return m_consecutiveFailures < failuresUntilDown; }

    int consecutiveFailures() const { return m_consecutiveFailures; }
    qint64 lastSuccessMs() const { return m_lastSuccessMs; } // 0: never
    qint64 lastFailureMs() const { return m_lastFailureMs; } // 0: never
    quint64 queriesSent() const { return m_queriesSent; }
    quint64 answers() const { return m_answers; } // valid replies, error codes included

private:
    void addRttSample(double rttMs);

    bool m_hasSample = false;
    double m_srttMs = 0;
    double m_rttvarMs = 0;
    int m_consecutiveFailures = 0;
    qint64 m_lastSuccessMs = 0;
    qint64 m_lastFailureMs = 0;
    quint64 m_queriesSent = 0;
    quint64 m_answers = 0;
};

} // namespace Shoal
