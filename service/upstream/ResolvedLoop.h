#pragma once

#include "service/upstream/ResolvConf.h"
#include "service/upstream/UpstreamAddress.h"

#include <QList>
#include <QString>
#include <QStringView>

namespace Shoal {

// Finds the loop through systemd-resolved: shoald forwards to resolved's stub (127.0.0.53 or
// 127.0.0.54, what /etc/resolv.conf names on a host that runs resolved), and resolved forwards
// to shoald (a DNS= of 127.0.0.1 in resolved.conf). Each query would then go round until both
// time out. resolved lists the servers it forwards to in /run/systemd/resolve/resolv.conf;
// when one of them is an address shoald answers on, using the stub is refused.
class ResolvedLoop
{
public:
    static constexpr const char *resolvedServersPath = "/run/systemd/resolve/resolv.conf";

    // Whether the upstream is one of resolved's stub listeners.
    static bool isResolvedStub(const UpstreamAddress &upstream);

    // The reason the upstreams would loop through resolved, or an empty string. `resolvedServers`
    // is the text of resolvedServersPath; the host's addresses count as for ResolvConf.
    static QString check(const QList<UpstreamAddress> &upstreams,
                         const QList<ResolvConf::ListenAddress> &ownListen,
                         QStringView resolvedServers, const QList<QHostAddress> &localAddresses);

    // The same, reading `path` (nothing to check when it cannot be read: no resolved).
    static QString checkFile(const QList<UpstreamAddress> &upstreams,
                             const QList<ResolvConf::ListenAddress> &ownListen,
                             const QString &path = QString::fromLatin1(resolvedServersPath));
};

} // namespace Shoal
