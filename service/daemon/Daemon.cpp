#include "service/daemon/Daemon.h"

#include <QDir>

#include "service/cache/Cache.h"
#include "service/cache/CacheStore.h"
#include "service/control/ControlServer.h"
#include "service/daemon/DaemonControl.h"
#include "service/peer/Peering.h"
#include "service/resolver/Resolver.h"
#include "service/server/StubServer.h"
#include "service/upstream/Forwarder.h"
#include "service/upstream/ResolvedLoop.h"
#include "shared/LogCategories.h"
#include "shared/Version.h"

namespace Shoal {

Daemon::Daemon(DaemonConfig config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
{
}

Daemon::~Daemon()
{
    stop();
    // Clients first: nothing may reach the resolver or the cache while they are torn down.
    m_control.reset();
    m_server.reset();
    m_resolver.reset();
    m_peering.reset(); // after the resolver, which cancels its asks; says goodbye
    m_forwarder.reset();
}

bool Daemon::start(QString *error)
{
    m_startedAtMs = m_clock.nowMs();

    CacheLimits limits;
    limits.maxBytes = std::size_t(m_config.cacheSizeBytes);
    limits.staleLimitMs = qint64(m_config.staleLimitSeconds) * 1000;
    limits.maxTtl = std::uint32_t(m_config.maxTtlSeconds);
    limits.maxNegativeTtl = std::uint32_t(m_config.maxNegativeTtlSeconds);
    m_cache = std::make_unique<Cache>(limits, m_counters, m_clock);

    if (!QDir().mkpath(m_config.stateDir)) {
        qCWarning(lcCache) << "cannot create the state directory" << m_config.stateDir
                           << "; the cache will not survive a restart";
    }
    m_store = std::make_unique<CacheStore>(m_config.stateDir, *m_cache, m_counters, m_clock);
    m_store->load();
    m_store->start(m_config.cacheFlushIntervalMs);

    if (!resolveUpstreams(error))
        return false;

    ResolverOptions resolverOptions;
    resolverOptions.clientBudgetMs = m_config.clientBudgetMs;
    m_resolver = std::make_unique<Resolver>(*m_cache, *m_forwarder, m_clock, m_counters,
                                            resolverOptions);
    m_resolver->setStore(m_store.get());
    PeeringOptions peeringOptions;
    peeringOptions.stateDir = m_config.stateDir;
    peeringOptions.interfaceName = m_config.peerInterface;
    peeringOptions.defaultPort = m_config.peerPort;
    peeringOptions.privateDomains = m_config.privateDomains;
    peeringOptions.version = QString::fromLatin1(version);
    m_peering = std::make_unique<Peering>(*m_cache, m_store.get(), m_clock, m_counters,
                                          peeringOptions);
    m_resolver->setPeerAsker(m_peering.get());
    connect(m_forwarder.get(), &Forwarder::outageChanged, m_peering.get(),
            [this](bool inOutage) { m_peering->setUpstreamOutage(inOutage); });

    TcpLimits tcpLimits;
    tcpLimits.maxClients = m_config.maxTcpClients;
    tcpLimits.idleTimeoutMs = m_config.tcpIdleTimeoutMs;
    m_server = std::make_unique<StubServer>(*m_resolver, m_counters, m_clock,
                                            ClientFilter(m_config.allow), tcpLimits);
    QList<StubServer::Endpoint> endpoints;
    for (const Endpoint &endpoint : std::as_const(m_config.listen))
        endpoints.append({endpoint.address, endpoint.port});
    if (!m_server->listen(endpoints, error))
        return false;
    startControl();
    startPeering();
    return true;
}

// Groups are joined once the control channel runs, so their joining and their peers are
// published as events. Joins made later through the control channel are published by the
// control server itself, so only these start-time ones are published here.
void Daemon::startPeering()
{
    connect(m_peering.get(), &Peering::peerCame, this,
            [this](const QString &group, const QString &, const QString &host) {
                m_control->publishEvent(Control::EventKind::PeerCame, host,
                                        tr("%1 joined group %2.").arg(host, group));
            });
    connect(m_peering.get(), &Peering::peerWent, this,
            [this](const QString &group, const QString &, const QString &host) {
                m_control->publishEvent(Control::EventKind::PeerWent, host,
                                        tr("%1 left group %2.").arg(host, group));
            });
    const QMetaObject::Connection joined =
        connect(m_peering.get(), &Peering::groupJoined, this, [this](const QString &group) {
            m_control->publishEvent(Control::EventKind::GroupJoined, group,
                                    tr("Joined group %1.").arg(group));
        });
    m_peering->start(m_config.groups);
    disconnect(joined);
}

void Daemon::startControl()
{
    ControlServerOptions options;
    options.socketPath = m_config.controlSocket;
    options.adminGroup = m_config.adminGroup;
    m_controlBackend = std::make_unique<DaemonControl>(*this);
    m_control = std::make_unique<ControlServer>(*m_controlBackend, options, m_clock);
    // Answering DNS matters more than being watched: without its socket the daemon still runs.
    if (!m_control->listen()) {
        qCWarning(lcControl).noquote() << "control channel unavailable:" << m_control->errorString();
    }
    connect(m_forwarder.get(), &Forwarder::outageChanged, this, &Daemon::reportOutage);
    connect(m_forwarder.get(), &Forwarder::serverChanged, this,
            [this](const QString &server, bool up) {
                if (up) {
                    m_control->publishEvent(Control::EventKind::UpstreamUp, server,
                                            tr("DNS server %1 answers again.").arg(server));
                } else {
                    m_control->publishEvent(Control::EventKind::UpstreamDown, server,
                                            tr("DNS server %1 stopped answering.").arg(server));
                }
            });
}

void Daemon::reportOutage(bool inOutage, qint64 sinceMs)
{
    Q_UNUSED(sinceMs)
    if (inOutage) {
        m_control->publishEvent(Control::EventKind::OutageBegan, {},
                                tr("The DNS servers stopped answering; answering from the cache "
                                   "and the groups."));
    } else {
        m_control->publishEvent(Control::EventKind::OutageEnded, {},
                                tr("The DNS servers answer again."));
    }
}

bool Daemon::resolveUpstreams(QString *error)
{
    QList<UpstreamAddress> upstreams;
    for (const Endpoint &endpoint : std::as_const(m_config.upstreams))
        upstreams.append({endpoint.address, endpoint.port});
    QList<QPair<QHostAddress, quint16>> own;
    for (const Endpoint &endpoint : std::as_const(m_config.listen))
        own.append({endpoint.address, endpoint.port});
    if (upstreams.isEmpty())
        upstreams = Forwarder::fromResolvConf(m_config.resolvConfPath, own);
    if (upstreams.isEmpty()) {
        *error = tr("no upstream server: give --upstream, or list a nameserver other than "
                    "shoald itself in %1").arg(m_config.resolvConfPath);
        return false;
    }
    if (const QString loop = ResolvedLoop::checkFile(upstreams, own); !loop.isEmpty()) {
        *error = loop;
        return false;
    }
    for (const UpstreamAddress &upstream : std::as_const(upstreams))
        qCInfo(lcUpstream).noquote() << "upstream server" << upstream.address.toString() << "port" << upstream.port;

    ForwarderOptions options;
    options.recheckStartMs = m_config.recheckIntervalMs;
    options.deadlineMs = m_config.upstreamTimeoutMs;
    m_forwarder = std::make_unique<Forwarder>(upstreams, m_clock, m_counters, options);
    return true;
}

void Daemon::stop()
{
    if (m_peering)
        m_peering->shutdown();
    if (m_store)
        m_store->shutdown();
}

} // namespace Shoal
