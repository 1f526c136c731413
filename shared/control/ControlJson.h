#pragma once

#include "shared/control/ControlTypes.h"

#include <QJsonArray>
#include <QJsonObject>

// JSON forms of the control protocol's values, both ways. The daemon encodes results with the
// toJson functions; clients decode them with the fromJson ones, which never fail: a missing or
// mistyped field reads as its default, so a newer daemon that adds fields does not break an
// older client. Requests are decoded by the daemon's ControlHandler, which is strict instead.
namespace Shoal::Control {

QJsonObject toJson(const Counter &counter);
QJsonObject toJson(const Upstream &upstream);
QJsonObject toJson(const Totals &totals);
QJsonObject toJson(const Status &status);
QJsonObject toJson(const Peer &peer);
QJsonObject toJson(const Group &group);
QJsonObject toJson(const CacheRecord &record);
QJsonObject toJson(const CacheEntry &entry);
QJsonObject toJson(const CachePage &page);
QJsonObject toJson(const Event &event);

QJsonArray countersToJson(const QList<Counter> &counters);
QJsonArray peersToJson(const QList<Peer> &peers);
QJsonArray groupsToJson(const QList<Group> &groups);
QJsonArray eventsToJson(const QList<Event> &events);

Counter counterFromJson(const QJsonObject &object);
Upstream upstreamFromJson(const QJsonObject &object);
Totals totalsFromJson(const QJsonObject &object);
Status statusFromJson(const QJsonObject &object);
Peer peerFromJson(const QJsonObject &object);
Group groupFromJson(const QJsonObject &object);
CacheRecord cacheRecordFromJson(const QJsonObject &object);
CacheEntry cacheEntryFromJson(const QJsonObject &object);
CachePage cachePageFromJson(const QJsonObject &object);
// An event whose kind this client does not know comes back as std::nullopt.
std::optional<Event> eventFromJson(const QJsonObject &object);

QList<Counter> countersFromJson(const QJsonArray &array);
QList<Peer> peersFromJson(const QJsonArray &array);
QList<Group> groupsFromJson(const QJsonArray &array);
QList<Event> eventsFromJson(const QJsonArray &array);

} // namespace Shoal::Control
