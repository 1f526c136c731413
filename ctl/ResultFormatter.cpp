#include "ctl/ResultFormatter.h"

#include "ctl/HumanText.h"
#include "ctl/TextTable.h"
#include "shared/control/ControlProtocol.h"

#include <QStringList>
#include <algorithm>

namespace Shoal::Ctl {

namespace {

using namespace Qt::StringLiterals;

QString field(const QString &label, const QString &value)
{
    return QString(label + u':').leftJustified(12) + value + u'\n';
}

QString upDown(bool up)
{
    return up ? u"up"_s : u"down"_s;
}

QString entryState(const Control::CacheEntry &entry)
{
    return entry.stale ? u"stale"_s : u"fresh"_s;
}

QString entrySource(const Control::CacheEntry &entry)
{
    return entry.source == u"peer"_s ? u"peer %1"_s.arg(entry.peer) : entry.source;
}

QString negativeText(const QString &negative)
{
    return negative == u"nxdomain"_s ? u"NXDOMAIN (no such name)"_s
                                     : u"NODATA (no record of this type)"_s;
}

} // namespace

QString ResultFormatter::stateLine(const Control::Status &status)
{
    if (!status.outage)
        return u"healthy: the upstream DNS servers answer"_s;
    return u"OUTAGE for %1 (since %2): answering from the cache and the groups"_s.arg(
        HumanText::duration(status.nowMs - status.outageSinceMs),
        HumanText::time(status.outageSinceMs));
}

QString ResultFormatter::upstreamTable(const Control::Status &status)
{
    if (status.upstreams.isEmpty())
        return field(u"Upstreams"_s, u"none configured"_s);
    TextTable table({u"ADDRESS"_s, u"PORT"_s, u"STATE"_s, u"SRTT"_s, u"FAILURES"_s}, u"  "_s);
    for (const Control::Upstream &upstream : status.upstreams) {
        table.addRow({upstream.address, QString::number(upstream.port), upDown(upstream.up),
                      upstream.srttMs > 0 ? u"%1 ms"_s.arg(upstream.srttMs) : u"-"_s,
                      QString::number(upstream.failures)});
    }
    return u"Upstreams:\n"_s + table.render();
}

QString ResultFormatter::queryLine(const Control::Totals &totals)
{
    if (totals.queries == 0)
        return u"none yet"_s;
    return u"%1 answered: %2 from the cache (hit ratio), %3 stale, %4 from peers, %5 "
           "forwarded, %6 failed"_s.arg(QString::number(totals.queries),
                                        HumanText::percent(totals.cacheHits, totals.queries),
                                        HumanText::percent(totals.staleAnswers, totals.queries),
                                        HumanText::percent(totals.peerAnswers, totals.queries),
                                        HumanText::percent(totals.upstreamAnswers, totals.queries),
                                        HumanText::percent(totals.failures, totals.queries));
}

QString ResultFormatter::status(const Control::Status &status)
{
    QString text = u"shoald %1, up %2 (since %3)\n"_s.arg(
        status.version, HumanText::duration(status.nowMs - status.startedMs),
        HumanText::time(status.startedMs));
    text += field(u"State"_s, stateLine(status));
    text += field(u"Listening"_s, status.listen.isEmpty() ? u"-"_s : status.listen.join(u", "));
    text += upstreamTable(status);
    text += field(u"Cache"_s,
                  u"%1 entries, %2 of %3"_s.arg(QString::number(status.cacheEntries),
                                                HumanText::bytes(status.cacheBytes),
                                                HumanText::bytes(status.cacheCapacityBytes)));
    text += field(u"Queries"_s, queryLine(status.totals));
    text +=
        field(u"Groups"_s, u"%1 joined, %2 peers"_s.arg(status.groupCount).arg(status.peerCount));
    return text;
}

QString ResultFormatter::counters(const QList<Control::Counter> &counters)
{
    QList<Control::Counter> sorted = counters;
    std::sort(sorted.begin(), sorted.end(),
              [](const auto &a, const auto &b) { return a.name < b.name; });
    TextTable table({u"COUNTER"_s, u"VALUE"_s, u"DESCRIPTION"_s});
    for (const Control::Counter &counter : sorted)
        table.addRow({counter.name, QString::number(counter.value), counter.description});
    return table.render();
}

QString ResultFormatter::peers(const QList<Control::Peer> &peers, qint64 nowMs)
{
    if (peers.isEmpty())
        return u"No peers heard.\n"_s;
    TextTable table({u"GROUP"_s, u"NODE"_s, u"HOST"_s, u"ADDRESS"_s, u"UPSTREAM"_s, u"CACHE"_s,
                     u"LAST SEEN"_s});
    for (const Control::Peer &peer : peers) {
        table.addRow({peer.group, peer.nodeId, peer.host, peer.address, upDown(peer.upstreamUp),
                      QString::number(peer.cacheEntries), HumanText::ago(nowMs, peer.lastSeenMs)});
    }
    return table.render();
}

QString ResultFormatter::groups(const QList<Control::Group> &groups)
{
    if (groups.isEmpty())
        return u"No groups joined.\n"_s;
    TextTable table({u"NAME"_s, u"ADDRESS"_s, u"PORT"_s, u"KEY"_s, u"MEMBERS"_s, u"SHARING"_s});
    for (const Control::Group &group : groups) {
        table.addRow({group.name, group.address, QString::number(group.port),
                      group.keyed ? u"keyed"_s : u"open"_s, QString::number(group.memberCount),
                      group.sharing ? u"on"_s : u"off"_s});
    }
    return table.render();
}

QString ResultFormatter::cache(const Control::CachePage &page)
{
    if (page.total == 0)
        return u"No matching cache entries.\n"_s;
    TextTable table(
        {u"NAME"_s, u"TYPE"_s, u"TTL"_s, u"STATE"_s, u"HITS"_s, u"SOURCE"_s, u"DATA"_s});
    for (const Control::CacheEntry &entry : page.entries) {
        const QStringList lead{entry.name,
                               entry.type,
                               QString::number(entry.ttlLeft),
                               entryState(entry),
                               QString::number(entry.hits),
                               entrySource(entry)};
        if (!entry.negative.isEmpty() || entry.records.isEmpty()) {
            table.addRow(lead + QStringList{negativeText(entry.negative)});
            continue;
        }
        for (qsizetype i = 0; i < entry.records.size(); ++i) {
            const Control::CacheRecord &record = entry.records[i];
            const QString data = record.name.compare(entry.name, Qt::CaseInsensitive) == 0
                                     ? record.data
                                     : u"%1 %2 %3"_s.arg(record.name, record.type, record.data);
            table.addRow((i == 0 ? lead : QStringList(lead.size())) + QStringList{data});
        }
    }
    const int last = page.offset + int(page.entries.size());
    return table.render() +
           u"(entries %1-%2 of %3)\n"_s.arg(page.offset + 1).arg(last).arg(page.total);
}

QString ResultFormatter::eventLine(const Control::Event &event)
{
    return u"%1  %2  %3\n"_s.arg(HumanText::time(event.timeMs),
                                 Control::eventKindName(event.kind).leftJustified(13), event.text);
}

QString ResultFormatter::events(const QList<Control::Event> &events)
{
    if (events.isEmpty())
        return u"No events.\n"_s;
    QString text;
    for (const Control::Event &event : events)
        text += eventLine(event);
    return text;
}

} // namespace Shoal::Ctl
