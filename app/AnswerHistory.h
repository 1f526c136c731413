#pragma once

#include "shared/control/ControlTypes.h"

#include <QList>
#include <optional>

namespace Shoal::Tray {

// Answers by source over the last minutes, for the Overview chart. It is fed the daemon's
// running totals (from "status" replies) and keeps, per fixed-length time bucket, how many
// answers came from each source in that bucket. Bounded: only the last `bucketCount` buckets
// are kept. A total that goes down means the daemon restarted; that sample only re-bases.
class AnswerHistory
{
public:
    struct Bucket
    {
        qint64 startMs = 0;
        quint64 cache = 0;
        quint64 stale = 0;
        quint64 peers = 0;
        quint64 upstream = 0;
        quint64 failures = 0;

        quint64 total() const { return cache + stale + peers + upstream + failures; }
    };

    explicit AnswerHistory(qint64 bucketMs = 10'000, int bucketCount = 30);

    // Adds the daemon's totals as seen at `nowMs`.
    void add(qint64 nowMs, const Control::Totals &totals);
    // Forgets the last totals (the daemon went away; the next sample only re-bases).
    void rebase() { m_last.reset(); }

    // Oldest first; buckets without answers inside the window are present with zeros.
    QList<Bucket> buckets() const { return m_buckets; }
    qint64 bucketMs() const { return m_bucketMs; }
    int bucketCount() const { return m_bucketCount; }
    quint64 largestBucket() const;

private:
    Bucket &bucketFor(qint64 nowMs);
    static Bucket emptyBucket(qint64 startMs);
    static bool wentBack(const Control::Totals &before, const Control::Totals &after);

    qint64 m_bucketMs;
    int m_bucketCount;
    QList<Bucket> m_buckets;
    std::optional<Control::Totals> m_last;
};

} // namespace Shoal::Tray
