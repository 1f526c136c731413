#pragma once

#include <QString>

namespace Shoal::Ctl {

// Numbers as people read them: durations in words, sizes in binary units, ratios in
// percent, times in local time.
class HumanText
{
public:
    // The two largest units: "45 seconds", "12 minutes 5 seconds", "3 days 4 hours".
    static QString duration(qint64 ms);
    static QString ago(qint64 nowMs, qint64 thenMs);
    static QString bytes(quint64 count);
    // "75.0%", or "-" when the whole is zero.
    static QString percent(quint64 part, quint64 whole);
    // "2024-05-01 10:48:03" in local time.
    static QString time(qint64 epochMs);
};

} // namespace Shoal::Ctl
