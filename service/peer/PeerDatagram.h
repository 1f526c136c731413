#pragma once

#include <QByteArray>
#include <QHostAddress>

namespace Shoal {

// One datagram that arrived on a group port: its bytes, who sent it, and where it was sent
// (a group's multicast address, or this host's own address for a unicast query).
struct PeerDatagram
{
    QByteArray data;
    QHostAddress source;
    quint16 sourcePort = 0;
    QHostAddress destination;
    quint16 port = 0; // the local port it arrived on
};

} // namespace Shoal
