#pragma once

#include <QHostAddress>
#include <QString>
#include <QtGlobal>

namespace Shoal {

// An IP address with a UDP/TCP port: where the daemon answers queries, or a server it asks.
struct Endpoint
{
    QHostAddress address; // IPv4 or IPv6, possibly with a scope ("fe80::1%eth0")
    quint16 port = 53;    // never 0 once parsed

    // "192.0.2.1:53" or "[2001:db8::1]:53": the form parseEndpoint() reads back.
    QString toString() const;

    friend bool operator==(const Endpoint &, const Endpoint &) = default;
};

} // namespace Shoal
