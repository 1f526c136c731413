#include "shared/control/ControlJson.h"

#include "shared/control/ControlProtocol.h"

#include <QJsonValue>
#include <algorithm>
#include <climits>
#include <cstdint>

namespace Shoal::Control {

namespace {

using namespace Qt::StringLiterals;

QJsonValue number(quint64 value)
{
    return QJsonValue(qint64(value));
}

quint64 unsignedOf(const QJsonValue &value)
{
    const qint64 number = value.toInteger();
    return number < 0 ? 0 : quint64(number);
}

int intOf(const QJsonValue &value)
{
    return int(std::clamp<qint64>(value.toInteger(), INT_MIN, INT_MAX));
}

template<typename T, typename Encode> QJsonArray arrayOf(const QList<T> &items, Encode encode)
{
    QJsonArray array;
    for (const T &item : items)
        array.append(encode(item));
    return array;
}

template<typename T, typename Decode> QList<T> listOf(const QJsonArray &array, Decode decode)
{
    QList<T> items;
    items.reserve(array.size());
    for (const QJsonValue &value : array)
        items.append(decode(value.toObject()));
    return items;
}

QJsonArray stringsToJson(const QStringList &strings)
{
    QJsonArray array;
    for (const QString &text : strings)
        array.append(text);
    return array;
}

QStringList stringsFromJson(const QJsonArray &array)
{
    QStringList strings;
    for (const QJsonValue &value : array)
        strings.append(value.toString());
    return strings;
}

} // namespace

QJsonObject toJson(const Counter &counter)
{
    return {{"name"_L1, counter.name},
            {"value"_L1, number(counter.value)},
            {"description"_L1, counter.description}};
}

QJsonObject toJson(const Upstream &upstream)
{
    return {{"address"_L1, upstream.address},
            {"port"_L1, upstream.port},
            {"up"_L1, upstream.up},
            {"srttMs"_L1, upstream.srttMs},
            {"failures"_L1, upstream.failures}};
}

QJsonObject toJson(const Totals &totals)
{
    return {{"queries"_L1, number(totals.queries)},
            {"cacheHits"_L1, number(totals.cacheHits)},
            {"staleAnswers"_L1, number(totals.staleAnswers)},
            {"peerAnswers"_L1, number(totals.peerAnswers)},
            {"upstreamAnswers"_L1, number(totals.upstreamAnswers)},
            {"failures"_L1, number(totals.failures)}};
}

QJsonObject toJson(const Status &status)
{
    return {
        {"version"_L1, status.version},
        {"startedMs"_L1, status.startedMs},
        {"nowMs"_L1, status.nowMs},
        {"listen"_L1, stringsToJson(status.listen)},
        {"upstreams"_L1, arrayOf(status.upstreams, [](const Upstream &u) { return toJson(u); })},
        {"outage"_L1, status.outage},
        {"outageSinceMs"_L1, status.outageSinceMs},
        {"cacheEntries"_L1, number(status.cacheEntries)},
        {"cacheBytes"_L1, number(status.cacheBytes)},
        {"cacheCapacityBytes"_L1, number(status.cacheCapacityBytes)},
        {"groupCount"_L1, status.groupCount},
        {"peerCount"_L1, status.peerCount},
        {"totals"_L1, toJson(status.totals)},
        {"counters"_L1, countersToJson(status.counters)}};
}

QJsonObject toJson(const Peer &peer)
{
    return {{"group"_L1, peer.group},
            {"nodeId"_L1, peer.nodeId},
            {"host"_L1, peer.host},
            {"address"_L1, peer.address},
            {"upstreamUp"_L1, peer.upstreamUp},
            {"cacheEntries"_L1, number(peer.cacheEntries)},
            {"lastSeenMs"_L1, peer.lastSeenMs}};
}

QJsonObject toJson(const Group &group)
{
    return {{"name"_L1, group.name},
            {"address"_L1, group.address},
            {"port"_L1, group.port},
            {"keyed"_L1, group.keyed},
            {"memberCount"_L1, group.memberCount},
            {"sharing"_L1, group.sharing}};
}

QJsonObject toJson(const CacheRecord &record)
{
    return {{"name"_L1, record.name},
            {"type"_L1, record.type},
            {"ttl"_L1, qint64(record.ttl)},
            {"data"_L1, record.data}};
}

QJsonObject toJson(const CacheEntry &entry)
{
    return {{"name"_L1, entry.name},
            {"type"_L1, entry.type},
            {"negative"_L1, entry.negative},
            {"records"_L1, arrayOf(entry.records, [](const CacheRecord &r) { return toJson(r); })},
            {"ttlLeft"_L1, entry.ttlLeft},
            {"stale"_L1, entry.stale},
            {"source"_L1, entry.source},
            {"peer"_L1, entry.peer},
            {"hits"_L1, number(entry.hits)},
            {"bytes"_L1, number(entry.bytes)}};
}

QJsonObject toJson(const CachePage &page)
{
    return {{"total"_L1, page.total},
            {"offset"_L1, page.offset},
            {"entries"_L1, arrayOf(page.entries, [](const CacheEntry &e) { return toJson(e); })}};
}

QJsonObject toJson(const Event &event)
{
    QJsonObject object{{"id"_L1, number(event.id)},
                       {"timeMs"_L1, event.timeMs},
                       {"kind"_L1, eventKindName(event.kind)},
                       {"subject"_L1, event.subject},
                       {"text"_L1, event.text}};
    if (event.kind == EventKind::Counters)
        object.insert("counters"_L1, countersToJson(event.counters));
    return object;
}

QJsonArray countersToJson(const QList<Counter> &counters)
{
    return arrayOf(counters, [](const Counter &c) { return toJson(c); });
}

QJsonArray peersToJson(const QList<Peer> &peers)
{
    return arrayOf(peers, [](const Peer &p) { return toJson(p); });
}

QJsonArray groupsToJson(const QList<Group> &groups)
{
    return arrayOf(groups, [](const Group &g) { return toJson(g); });
}

QJsonArray eventsToJson(const QList<Event> &events)
{
    return arrayOf(events, [](const Event &e) { return toJson(e); });
}

Counter counterFromJson(const QJsonObject &object)
{
    return {object["name"_L1].toString(), unsignedOf(object["value"_L1]),
            object["description"_L1].toString()};
}

Upstream upstreamFromJson(const QJsonObject &object)
{
    Upstream upstream;
    upstream.address = object["address"_L1].toString();
    upstream.port = intOf(object["port"_L1]);
    upstream.up = object["up"_L1].toBool(true);
    upstream.srttMs = intOf(object["srttMs"_L1]);
    upstream.failures = intOf(object["failures"_L1]);
    return upstream;
}

Totals totalsFromJson(const QJsonObject &object)
{
    Totals totals;
    totals.queries = unsignedOf(object["queries"_L1]);
    totals.cacheHits = unsignedOf(object["cacheHits"_L1]);
    totals.staleAnswers = unsignedOf(object["staleAnswers"_L1]);
    totals.peerAnswers = unsignedOf(object["peerAnswers"_L1]);
    totals.upstreamAnswers = unsignedOf(object["upstreamAnswers"_L1]);
    totals.failures = unsignedOf(object["failures"_L1]);
    return totals;
}

Status statusFromJson(const QJsonObject &object)
{
    Status status;
    status.version = object["version"_L1].toString();
    status.startedMs = object["startedMs"_L1].toInteger();
    status.nowMs = object["nowMs"_L1].toInteger();
    status.listen = stringsFromJson(object["listen"_L1].toArray());
    status.upstreams = listOf<Upstream>(object["upstreams"_L1].toArray(), upstreamFromJson);
    status.outage = object["outage"_L1].toBool();
    status.outageSinceMs = object["outageSinceMs"_L1].toInteger();
    status.cacheEntries = unsignedOf(object["cacheEntries"_L1]);
    status.cacheBytes = unsignedOf(object["cacheBytes"_L1]);
    status.cacheCapacityBytes = unsignedOf(object["cacheCapacityBytes"_L1]);
    status.groupCount = intOf(object["groupCount"_L1]);
    status.peerCount = intOf(object["peerCount"_L1]);
    status.totals = totalsFromJson(object["totals"_L1].toObject());
    status.counters = countersFromJson(object["counters"_L1].toArray());
    return status;
}

Peer peerFromJson(const QJsonObject &object)
{
    Peer peer;
    peer.group = object["group"_L1].toString();
    peer.nodeId = object["nodeId"_L1].toString();
    peer.host = object["host"_L1].toString();
    peer.address = object["address"_L1].toString();
    peer.upstreamUp = object["upstreamUp"_L1].toBool(true);
    peer.cacheEntries = unsignedOf(object["cacheEntries"_L1]);
    peer.lastSeenMs = object["lastSeenMs"_L1].toInteger();
    return peer;
}

Group groupFromJson(const QJsonObject &object)
{
    Group group;
    group.name = object["name"_L1].toString();
    group.address = object["address"_L1].toString();
    group.port = intOf(object["port"_L1]);
    group.keyed = object["keyed"_L1].toBool(true);
    group.memberCount = intOf(object["memberCount"_L1]);
    group.sharing = object["sharing"_L1].toBool(true);
    return group;
}

CacheRecord cacheRecordFromJson(const QJsonObject &object)
{
    return {object["name"_L1].toString(), object["type"_L1].toString(),
            quint32(std::clamp<qint64>(object["ttl"_L1].toInteger(), 0, UINT32_MAX)),
            object["data"_L1].toString()};
}

CacheEntry cacheEntryFromJson(const QJsonObject &object)
{
    CacheEntry entry;
    entry.name = object["name"_L1].toString();
    entry.type = object["type"_L1].toString();
    entry.negative = object["negative"_L1].toString();
    entry.records = listOf<CacheRecord>(object["records"_L1].toArray(), cacheRecordFromJson);
    entry.ttlLeft = object["ttlLeft"_L1].toInteger();
    entry.stale = object["stale"_L1].toBool();
    entry.source = object["source"_L1].toString();
    entry.peer = object["peer"_L1].toString();
    entry.hits = unsignedOf(object["hits"_L1]);
    entry.bytes = unsignedOf(object["bytes"_L1]);
    return entry;
}

CachePage cachePageFromJson(const QJsonObject &object)
{
    CachePage page;
    page.total = intOf(object["total"_L1]);
    page.offset = intOf(object["offset"_L1]);
    page.entries = listOf<CacheEntry>(object["entries"_L1].toArray(), cacheEntryFromJson);
    return page;
}

std::optional<Event> eventFromJson(const QJsonObject &object)
{
    const auto kind = eventKindFromName(object["kind"_L1].toString());
    if (!kind)
        return std::nullopt;
    Event event;
    event.id = unsignedOf(object["id"_L1]);
    event.timeMs = object["timeMs"_L1].toInteger();
    event.kind = *kind;
    event.subject = object["subject"_L1].toString();
    event.text = object["text"_L1].toString();
    event.counters = countersFromJson(object["counters"_L1].toArray());
    return event;
}

QList<Counter> countersFromJson(const QJsonArray &array)
{
    return listOf<Counter>(array, counterFromJson);
}

QList<Peer> peersFromJson(const QJsonArray &array)
{
    return listOf<Peer>(array, peerFromJson);
}

QList<Group> groupsFromJson(const QJsonArray &array)
{
    return listOf<Group>(array, groupFromJson);
}

QList<Event> eventsFromJson(const QJsonArray &array)
{
    QList<Event> events;
    for (const QJsonValue &value : array) {
        if (auto event = eventFromJson(value.toObject()))
            events.append(*event);
    }
    return events;
}

} // namespace Shoal::Control
