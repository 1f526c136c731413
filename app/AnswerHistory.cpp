#include "app/AnswerHistory.h"

#include <algorithm>

namespace Shoal::Tray {

AnswerHistory::AnswerHistory(qint64 bucketMs, int bucketCount)
    : m_bucketMs(std::max<qint64>(1, bucketMs))
    , m_bucketCount(std::max(1, bucketCount))
{}

bool AnswerHistory::wentBack(const Control::Totals &before, const Control::Totals &after)
{
    return after.cacheHits < before.cacheHits || after.staleAnswers < before.staleAnswers ||
           after.peerAnswers < before.peerAnswers ||
           after.upstreamAnswers < before.upstreamAnswers || after.failures < before.failures;
}

void AnswerHistory::add(qint64 nowMs, const Control::Totals &totals)
{
    Bucket &bucket = bucketFor(nowMs);
    if (m_last && !wentBack(*m_last, totals)) {
        bucket.cache += totals.cacheHits - m_last->cacheHits;
        bucket.stale += totals.staleAnswers - m_last->staleAnswers;
        bucket.peers += totals.peerAnswers - m_last->peerAnswers;
        bucket.upstream += totals.upstreamAnswers - m_last->upstreamAnswers;
        bucket.failures += totals.failures - m_last->failures;
    }
    m_last = totals;
}

// Appends empty buckets up to the one holding `nowMs` and drops those past the window. A clock
// that went back lands in the newest bucket rather than rewriting history.
AnswerHistory::Bucket &AnswerHistory::bucketFor(qint64 nowMs)
{
    const qint64 start = nowMs - nowMs % m_bucketMs;
    const qint64 windowStart = start - m_bucketMs * (m_bucketCount - 1);
    if (!m_buckets.isEmpty() && m_buckets.constLast().startMs < windowStart)
        m_buckets.clear(); // a long gap: nothing of the old window survives
    if (m_buckets.isEmpty())
        m_buckets.append(emptyBucket(windowStart));
    while (m_buckets.constLast().startMs < start) {
        m_buckets.append(emptyBucket(m_buckets.constLast().startMs + m_bucketMs));
        if (m_buckets.size() > m_bucketCount)
            m_buckets.removeFirst();
    }
    return m_buckets.last();
}

AnswerHistory::Bucket AnswerHistory::emptyBucket(qint64 startMs)
{
    Bucket bucket;
    bucket.startMs = startMs;
    return bucket;
}

quint64 AnswerHistory::largestBucket() const
{
    quint64 largest = 0;
    for (const Bucket &bucket : m_buckets)
        largest = std::max(largest, bucket.total());
    return largest;
}

} // namespace Shoal::Tray
