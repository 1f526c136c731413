#pragma once

#include "service/config/DefaultPaths.h"
#include "service/config/Endpoint.h"
#include "service/config/GroupConfig.h"
#include "service/config/Subnet.h"
#include "service/peer/GroupAddress.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QtGlobal>

namespace Shoal {

// Everything shoald can be told at start. A default-constructed DaemonConfig is the default
// configuration; ConfigLoader fills one from the command line and the configuration file, and
// docs/configuration.md describes each field under the option of the same name.
struct DaemonConfig
{
    // RFC 8767 suggests a stale limit of one to three days and no more than seven.
    static constexpr qint64 maxStaleLimitSeconds = 7 * 86400;

    // Addresses and ports answering DNS queries over UDP and TCP.
    QList<Endpoint> listen = {{QHostAddress(QHostAddress::LocalHost), 53},
                              {QHostAddress(QHostAddress::LocalHostIPv6), 53}};
    // Subnets whose clients are answered besides loopback, which always is.
    QList<Subnet> allow;
    // Servers queries are forwarded to; empty means the nameservers of resolvConfPath.
    QList<Endpoint> upstreams;
    // resolv.conf-format file the upstreams are read from when none are configured.
    QString resolvConfPath = QStringLiteral("/etc/resolv.conf");
    // Directory of the persistent cache and other state (absolute).
    QString stateDir = defaultStateDir();
    // Upper bound of the cache's size in bytes.
    qint64 cacheSizeBytes = 32 * 1024 * 1024;
    // How long past its TTL an entry may still be served while the upstream fails (0..7 days).
    qint64 staleLimitSeconds = 86400;
    // TTLs above this are lowered to it before caching.
    qint64 maxTtlSeconds = 86400;
    // Negative answers (NXDOMAIN, NODATA) are cached at most this long (RFC 2308).
    qint64 maxNegativeTtlSeconds = 3600;
    // How long a client waits for the upstream before a stale entry is served; RFC 8767
    // suggests 1.8 s, shorter keeps an outage from being felt.
    int clientBudgetMs = 400;
    // Longest time one question is worked on upstream, all its attempts together.
    int upstreamTimeoutMs = 3000;
    // In an outage, the first wait before the upstreams are probed again; it then doubles.
    int recheckIntervalMs = 30000;
    // How long cache changes may wait before they are written to the state directory.
    int cacheFlushIntervalMs = 2000;
    // Most TCP clients served at once; further connections are refused.
    int maxTcpClients = 256;
    // A TCP client that sends nothing for this long is disconnected.
    int tcpIdleTimeoutMs = 10000;
    // Debug logging of every shoal.* category.
    bool verbose = false;
    // Interest groups joined at start.
    QList<GroupConfig> groups;
    // Network interface for group traffic; empty: the first multicast interface that is up.
    QString peerInterface;
    // UDP port of a group whose configuration names none (the peer protocol's default).
    quint16 peerPort = GroupAddress::defaultPort;
    // Domains (lower case, ending in '.') never asked of nor answered to peers, nor shared.
    QStringList privateDomains;
    // Path of the control channel's local socket (absolute).
    QString controlSocket = defaultControlSocketPath();
    // Members of this system group may change groups over the control channel; empty: nobody
    // besides root and the daemon's own user.
    QString adminGroup = QStringLiteral("shoal");
};

} // namespace Shoal
