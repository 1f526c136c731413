#pragma once

#include "service/peer/PeerDatagram.h"

#include <QHostAddress>
#include <QList>
#include <QNetworkInterface>
#include <QObject>
#include <QUdpSocket>

namespace Shoal {

// The UDP socket of one group port: bound to the IPv4 wildcard address with the address shared
// (so several daemons on one host, and several groups on one port, can meet), joined to the
// multicast address of every group on that port, on one explicit interface, TTL 1 (groups are
// link-local by design) and multicast loopback on (so daemons on one host hear each other; each
// ignores its own messages by node id). Reads at most `maxDatagram` + 1 bytes of a datagram,
// so anything larger is seen as too large without being held in full, and hands each one on
// with its destination address (which tells group traffic from unicast queries).
class GroupSocket : public QObject
{
    Q_OBJECT

public:
    // Datagrams read per event-loop pass before yielding, so a flood cannot starve the rest.
    static constexpr int readBatch = 64;

    GroupSocket(quint16 port, const QNetworkInterface &interface, QObject *parent = nullptr);

    bool open(QString *error);
    bool join(const QHostAddress &group, QString *error);
    void leave(const QHostAddress &group);
    bool send(const QByteArray &datagram, const QHostAddress &address, quint16 port);
    quint16 port() const { return m_port; }

signals:
    void received(const Shoal::PeerDatagram &datagram);

private:
    void readPending();

    quint16 m_port;
    QNetworkInterface m_interface;
    QUdpSocket m_socket;
};

} // namespace Shoal
