#pragma once

#include "service/common/Counters.h"
#include "service/common/LogLimiter.h"
#include "service/upstream/ReplyCheck.h"

#include <QString>

namespace Shoal {

// The named counters of the upstream side, registered once, and the one place where a dropped
// reply is counted and (rate-limited) logged, so every path that drops says it the same way.
class UpstreamCounters
{
public:
    explicit UpstreamCounters(Counters &counters);

    // Counts a reply that failed `verdict` and logs it unless the log limit is reached.
    void countDrop(ReplyCheck::Verdict verdict, const QString &from, qint64 nowMs);

    quint64 &queries;       // every query sent, probes included
    quint64 &answers;       // replies with NOERROR or NXDOMAIN
    quint64 &errorReplies;  // valid replies with another code (SERVFAIL, REFUSED, ...)
    quint64 &timeouts;      // attempts that timed out, their server silent on the question
    quint64 &lateReplies;   // valid replies that came after their attempt's timeout
    quint64 &networkErrors; // attempts that failed on a socket error
    quint64 &tcpFallbacks;  // truncated UDP replies retried over TCP
    quint64 &failedFast;    // questions answered AllDown at once during an outage
    quint64 &overloaded;    // questions refused because every upstream socket was in use
    quint64 &probes;        // recheck probes sent during an outage

private:
    quint64 &dropCounter(ReplyCheck::Verdict verdict);

    quint64 &m_wrongSource;
    quint64 &m_malformed;
    quint64 &m_wrongId;
    quint64 &m_notAReply;
    quint64 &m_wrongQuestion;
    LogLimiter m_dropLog;
};

} // namespace Shoal
