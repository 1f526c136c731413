#include "ctl/HumanText.h"

#include <QDateTime>
#include <QStringList>
#include <array>

namespace Shoal::Ctl {

namespace {

using namespace Qt::StringLiterals;

struct Unit
{
    qint64 seconds;
    QLatin1StringView name;
};

constexpr std::array<Unit, 4> units{{
    {86'400, "day"_L1},
    {3'600, "hour"_L1},
    {60, "minute"_L1},
    {1, "second"_L1},
}};

QString count(qint64 value, QLatin1StringView unit)
{
    return u"%1 %2%3"_s.arg(value).arg(unit, value == 1 ? QString() : u"s"_s);
}

} // namespace

QString HumanText::duration(qint64 ms)
{
    qint64 seconds = ms < 0 ? 0 : ms / 1000;
    QStringList parts;
    // The largest unit, then the next one if it is not zero: "2 hours", not "2 hours 0 minutes".
    for (const Unit &unit : units) {
        const qint64 value = seconds / unit.seconds;
        seconds %= unit.seconds;
        const bool second = !parts.isEmpty();
        if (value > 0)
            parts.append(count(value, unit.name));
        if (second)
            break;
    }
    return parts.isEmpty() ? count(0, "second"_L1) : parts.join(u' ');
}

QString HumanText::ago(qint64 nowMs, qint64 thenMs)
{
    if (thenMs <= 0)
        return u"never"_s;
    return duration(nowMs - thenMs) + u" ago"_s;
}

QString HumanText::bytes(quint64 count)
{
    static const std::array<QLatin1StringView, 4> names{"KiB"_L1, "MiB"_L1, "GiB"_L1, "TiB"_L1};
    if (count < 1024)
        return u"%1 B"_s.arg(count);
    double value = double(count) / 1024;
    std::size_t unit = 0;
    while (value >= 1024 && unit + 1 < names.size()) {
        value /= 1024;
        ++unit;
    }
    return u"%1 %2"_s.arg(value, 0, 'f', 1).arg(names[unit]);
}

QString HumanText::percent(quint64 part, quint64 whole)
{
    if (whole == 0)
        return u"-"_s;
    return u"%1%"_s.arg(100.0 * double(part) / double(whole), 0, 'f', 1);
}

QString HumanText::time(qint64 epochMs)
{
    if (epochMs <= 0)
        return u"-"_s;
    return QDateTime::fromMSecsSinceEpoch(epochMs).toString(u"yyyy-MM-dd HH:mm:ss"_s);
}

} // namespace Shoal::Ctl
