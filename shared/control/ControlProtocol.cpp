#include "shared/control/ControlProtocol.h"

#include <QStringList>
#include <array>
#include <utility>

namespace Shoal::Control {

namespace {

using namespace Qt::StringLiterals;

constexpr std::array<std::pair<EventKind, QLatin1StringView>, 10> eventKindNames{{
    {EventKind::OutageBegan, "outage.began"_L1},
    {EventKind::OutageEnded, "outage.ended"_L1},
    {EventKind::UpstreamDown, "upstream.down"_L1},
    {EventKind::UpstreamUp, "upstream.up"_L1},
    {EventKind::PeerCame, "peer.came"_L1},
    {EventKind::PeerWent, "peer.went"_L1},
    {EventKind::GroupJoined, "group.joined"_L1},
    {EventKind::GroupLeft, "group.left"_L1},
    {EventKind::CacheFlushed, "cache.flushed"_L1},
    {EventKind::Counters, "counters"_L1},
}};

constexpr std::array<std::pair<CacheSort, QLatin1StringView>, 5> cacheSortNames{{
    {CacheSort::Name, "name"_L1},
    {CacheSort::Type, "type"_L1},
    {CacheSort::Ttl, "ttl"_L1},
    {CacheSort::Hits, "hits"_L1},
    {CacheSort::Source, "source"_L1},
}};

} // namespace

QString eventKindName(EventKind kind)
{
    for (const auto &[value, name] : eventKindNames) {
        if (value == kind)
            return name;
    }
    return {};
}

std::optional<EventKind> eventKindFromName(QStringView name)
{
    for (const auto &[value, text] : eventKindNames) {
        if (text == name)
            return value;
    }
    return std::nullopt;
}

QString eventTopic(EventKind kind)
{
    const QString name = eventKindName(kind);
    return name.section(u'.', 0, 0);
}

QStringList eventTopics()
{
    QStringList topics;
    for (const auto &entry : eventKindNames) {
        const QString topic = eventTopic(entry.first);
        if (!topics.contains(topic))
            topics.append(topic);
    }
    return topics;
}

QString cacheSortName(CacheSort sort)
{
    for (const auto &[value, name] : cacheSortNames) {
        if (value == sort)
            return name;
    }
    return {};
}

std::optional<CacheSort> cacheSortFromName(QStringView name)
{
    for (const auto &[value, text] : cacheSortNames) {
        if (text == name)
            return value;
    }
    return std::nullopt;
}

} // namespace Shoal::Control
