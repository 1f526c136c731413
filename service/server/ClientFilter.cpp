#include "service/server/ClientFilter.h"

#include <netinet/in.h>

#include <cstring>

namespace Shoal {

namespace {

bool isLoopback(const sockaddr *address)
{
    if (address->sa_family == AF_INET) {
        const auto *v4 = reinterpret_cast<const sockaddr_in *>(address);
        return (ntohl(v4->sin_addr.s_addr) >> 24) == 127;
    }
    if (address->sa_family == AF_INET6) {
        const auto *v6 = reinterpret_cast<const sockaddr_in6 *>(address);
        if (IN6_IS_ADDR_LOOPBACK(&v6->sin6_addr))
            return true;
        return IN6_IS_ADDR_V4MAPPED(&v6->sin6_addr) && v6->sin6_addr.s6_addr[12] == 127;
    }
    return false;
}

} // namespace

ClientFilter::ClientFilter(QList<QPair<QHostAddress, int>> allowedSubnets)
    : m_allowed(std::move(allowedSubnets))
{
}

bool ClientFilter::allows(const sockaddr *address) const
{
    if (isLoopback(address))
        return true;
    if (m_allowed.isEmpty())
        return false;
    return allows(QHostAddress(address));
}

bool ClientFilter::allows(const QHostAddress &address) const
{
    if (address.isLoopback())
        return true;
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4); // also unwraps v4-mapped v6
    const QHostAddress plain = isV4 ? QHostAddress(v4) : address;
    for (const auto &[subnet, prefix] : m_allowed) {
        if (plain.isInSubnet(subnet, prefix))
            return true;
    }
    return false;
}

} // namespace Shoal
