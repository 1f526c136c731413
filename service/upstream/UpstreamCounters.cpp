#include "service/upstream/UpstreamCounters.h"

#include "shared/LogCategories.h"

namespace Shoal {

UpstreamCounters::UpstreamCounters(Counters &counters)
    : queries(counters.counter(QStringLiteral("upstream.queries"),
                               QStringLiteral("queries sent to upstream servers")))
    , answers(counters.counter(QStringLiteral("upstream.answers"),
                               QStringLiteral("upstream replies with NOERROR or NXDOMAIN")))
    , errorReplies(counters.counter(QStringLiteral("upstream.error-replies"),
                                    QStringLiteral("upstream replies with SERVFAIL, REFUSED or "
                                                   "another error code")))
    , timeouts(
          counters.counter(QStringLiteral("upstream.timeouts"),
                           QStringLiteral("upstream queries that timed out, their server never "
                                          "replying to the question")))
    , lateReplies(counters.counter(QStringLiteral("upstream.late-replies"),
                                   QStringLiteral("upstream replies that came after their query "
                                                  "timed out, still accepted")))
    , networkErrors(counters.counter(QStringLiteral("upstream.network-errors"),
                                     QStringLiteral("upstream queries that failed on a socket "
                                                    "error")))
    , tcpFallbacks(counters.counter(QStringLiteral("upstream.tcp-fallbacks"),
                                    QStringLiteral("truncated upstream replies retried over TCP")))
    , failedFast(counters.counter(QStringLiteral("upstream.failed-fast"),
                                  QStringLiteral("questions failed at once because all upstream "
                                                 "servers are down")))
    , overloaded(
          counters.counter(QStringLiteral("upstream.overloaded"),
                           QStringLiteral("questions refused: every upstream socket in use")))
    , probes(counters.counter(QStringLiteral("upstream.probes"),
                              QStringLiteral("recheck probes sent during an outage")))
    , m_wrongSource(counters.counter(QStringLiteral("upstream.dropped.wrong-source"),
                                     QStringLiteral("upstream replies from another address or "
                                                    "port than asked")))
    , m_malformed(counters.counter(QStringLiteral("upstream.dropped.malformed"),
                                   QStringLiteral("upstream replies that do not parse")))
    , m_wrongId(counters.counter(QStringLiteral("upstream.dropped.wrong-id"),
                                 QStringLiteral("upstream replies with another ID than asked")))
    , m_notAReply(counters.counter(QStringLiteral("upstream.dropped.not-a-reply"),
                                   QStringLiteral("packets to an upstream socket that are no "
                                                  "response to a query")))
    , m_wrongQuestion(counters.counter(QStringLiteral("upstream.dropped.wrong-question"),
                                       QStringLiteral("upstream replies to another question")))
{}

void UpstreamCounters::countDrop(ReplyCheck::Verdict verdict, const QString &from, qint64 nowMs)
{
    ++dropCounter(verdict);
    if (!m_dropLog.allow(nowMs))
        return;
    qCInfo(lcUpstream).nospace().noquote()
        << "upstream reply dropped: " << ReplyCheck::verdictName(verdict) << " from " << from
        << ", " << m_dropLog.suppressed() << " more dropped since the last such line";
}

quint64 &UpstreamCounters::dropCounter(ReplyCheck::Verdict verdict)
{
    switch (verdict) {
    case ReplyCheck::Verdict::WrongSource:
        return m_wrongSource;
    case ReplyCheck::Verdict::WrongId:
        return m_wrongId;
    case ReplyCheck::Verdict::NotAReply:
        return m_notAReply;
    case ReplyCheck::Verdict::WrongQuestion:
        return m_wrongQuestion;
    case ReplyCheck::Verdict::Accept:
    case ReplyCheck::Verdict::Malformed:
        break;
    }
    return m_malformed;
}

} // namespace Shoal
