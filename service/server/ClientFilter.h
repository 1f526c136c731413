#pragma once

#include <QHostAddress>
#include <QList>
#include <QPair>

#include <sys/socket.h>

namespace Shoal {

// Decides which clients may query: loopback always, other addresses only inside a subnet the
// administrator allowed (--allow). Shoal must never become an open resolver.
class ClientFilter
{
public:
    explicit ClientFilter(QList<QPair<QHostAddress, int>> allowedSubnets = {});

    // Fast for loopback, which is nearly every client.
    bool allows(const sockaddr *address) const;
    bool allows(const QHostAddress &address) const;

private:
    QList<QPair<QHostAddress, int>> m_allowed;
};

} // namespace Shoal
