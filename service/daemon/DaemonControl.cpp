#include "service/daemon/DaemonControl.h"

#include "service/cache/Cache.h"
#include "service/cache/CacheEntryInfo.h"
#include "service/cache/CacheStore.h"
#include "service/control/CacheListing.h"
#include "service/control/DnsTypeNames.h"
#include "service/control/RdataText.h"
#include "service/daemon/Daemon.h"
#include "service/peer/Peering.h"
#include "service/server/StubServer.h"
#include "service/upstream/Forwarder.h"
#include "shared/Version.h"

namespace Shoal {

namespace {

Control::Upstream toControl(const UpstreamStatus &status)
{
    Control::Upstream upstream;
    upstream.address = status.address.toString();
    upstream.port = status.port;
    upstream.up = status.up;
    upstream.srttMs = int(status.srttMs + 0.5);
    upstream.failures = status.consecutiveFailures;
    return upstream;
}

QString endpointText(const StubServer::Endpoint &endpoint)
{
    const QString address = endpoint.first.toString();
    const bool v6 = endpoint.first.protocol() == QAbstractSocket::IPv6Protocol;
    return (v6 ? u'[' + address + u']' : address) + u':' + QString::number(endpoint.second);
}

QString negativeKind(const StoredAnswer &answer)
{
    if (!answer.negative)
        return {};
    return answer.rcode == 3 ? QStringLiteral("nxdomain") : QStringLiteral("nodata");
}

Control::CacheEntry toControl(const StoredAnswer &answer, const CacheEntryInfo &info)
{
    Control::CacheEntry entry;
    entry.name = info.name;
    entry.type = Control::typeToText(info.type);
    entry.negative = negativeKind(answer);
    entry.records = Control::answerRecordsFromWire(answer.wire());
    entry.ttlLeft = std::max<qint64>(0, info.ttlLeftSeconds);
    entry.stale = info.stale;
    entry.source = info.source.isPeer() ? QStringLiteral("peer") : QStringLiteral("upstream");
    entry.peer = info.source.peerId;
    entry.hits = info.hitCount;
    entry.bytes = Cache::entryCost(answer);
    return entry;
}

} // namespace

Control::Status DaemonControl::status() const
{
    Control::Status status;
    status.version = QString::fromLatin1(Shoal::version);
    status.startedMs = m_daemon.startedAtMs();
    for (const StubServer::Endpoint &endpoint : m_daemon.server().boundEndpoints())
        status.listen.append(endpointText(endpoint));
    const Forwarder &forwarder = m_daemon.forwarder();
    for (const UpstreamStatus &upstream : forwarder.status())
        status.upstreams.append(toControl(upstream));
    status.outage = forwarder.inOutage();
    status.outageSinceMs = status.outage ? forwarder.outageSinceMs() : 0;

    const Cache &cache = m_daemon.cache();
    status.cacheEntries = cache.entryCount();
    status.cacheBytes = cache.byteSize();
    status.cacheCapacityBytes = cache.limits().maxBytes;

    const Counters &counters = m_daemon.counters();
    status.totals.queries = counters.value(u"dns.queries"_qs);
    status.totals.cacheHits = counters.value(u"dns.answers.cache"_qs);
    status.totals.staleAnswers = counters.value(u"dns.answers.stale"_qs);
    status.totals.peerAnswers = counters.value(u"dns.answers.peer"_qs);
    status.totals.upstreamAnswers = counters.value(u"dns.answers.upstream"_qs);
    status.totals.failures = counters.value(u"dns.answers.servfail"_qs);
    return status;
}

QList<Control::Counter> DaemonControl::counters() const
{
    QList<Control::Counter> result;
    for (const Counters::Entry &entry : m_daemon.counters().snapshot())
        result.append({entry.name, entry.value, entry.description});
    return result;
}

QList<Control::Peer> DaemonControl::peers() const
{
    return m_daemon.peering().peers();
}

QList<Control::Group> DaemonControl::groups() const
{
    return m_daemon.peering().groups();
}

QString DaemonControl::joinGroup(const Control::JoinRequest &request)
{
    return m_daemon.peering().join(request);
}

QString DaemonControl::leaveGroup(const QString &name)
{
    return m_daemon.peering().leave(name);
}

QList<Control::CacheEntry> DaemonControl::cacheEntries(const Control::CacheQuery &query) const
{
    // Known limit: every matching entry is rendered before the control server sorts and pages
    // them, which costs a few hundred milliseconds on a cache of 100,000 names.
    QList<Control::CacheEntry> entries;
    const qint64 now = m_daemon.clock().nowMs();
    m_daemon.cache().forEach([&](const StoredAnswer &answer) {
        const CacheEntryInfo info = CacheEntryInfo::of(answer, now);
        if (Control::CacheListing::matches(query, info.name, info.type, info.stale))
            entries.append(toControl(answer, info));
        return true;
    });
    return entries;
}

int DaemonControl::flushCache(const Control::FlushRequest &request)
{
    Cache &cache = m_daemon.cache();
    int removed = 0;
    if (request.wireName.isEmpty()) {
        removed = int(cache.entryCount());
        cache.clear();
    } else if (request.subtree) {
        removed = cache.removeSubtree(request.wireName);
    } else {
        removed = cache.removeName(request.wireName);
    }
    if (removed > 0)
        m_daemon.store().recordRemoval();
    return removed;
}

} // namespace Shoal
