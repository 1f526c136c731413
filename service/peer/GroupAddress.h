#pragma once

#include <QHostAddress>
#include <QString>

namespace Shoal {

// Where a group meets when its address is not configured: an IPv4 multicast address derived
// from the group name, and a fixed port.
//
// The address is 239.255.X.Y in the organisation-local scope (RFC 2365), from the first four
// bytes of SHA-256 over the canonical (lower-case) name, mapped onto 239.255.1.0 through
// 239.255.254.255. That leaves out 239.255.0.x, where other software's defaults cluster, and
// 239.255.255.x, which holds SSDP (.250) and SLP (.253). Two groups can share an address
// (65024 choices); they still tell their messages apart by TSIG key name, and the address can
// be configured per group.
//
// The port, 15353, is not in Debian's /etc/services and lies below Linux's ephemeral range
// (32768-60999), so no outgoing socket on the host can be holding it when shoald binds. The
// IANA registry could not be checked from the build machine; the port is configurable.
class GroupAddress
{
public:
    static constexpr quint16 defaultPort = 15353;

    // `group` must be canonical (GroupName::normalized).
    static QHostAddress forGroup(const QString &group);

    // Whether `address` lies in the range forGroup() draws from.
    static bool isDerivable(const QHostAddress &address);
};

} // namespace Shoal
