#include "service/peer/GroupSocket.h"

#include "service/peer/PeerMessage.h"

#include <QNetworkDatagram>
#include <QNetworkProxy>
#include <QVariant>

namespace Shoal {

GroupSocket::GroupSocket(quint16 port, const QNetworkInterface &interface, QObject *parent)
    : QObject(parent)
    , m_port(port)
    , m_interface(interface)
{
    connect(&m_socket, &QUdpSocket::readyRead, this, &GroupSocket::readPending);
}

bool GroupSocket::open(QString *error)
{
    // Multicast on the local link goes through no proxy, so the system's proxy settings are
    // not consulted (see UpstreamExchange::start).
    m_socket.setProxy(QNetworkProxy::NoProxy);
    if (!m_socket.bind(QHostAddress::AnyIPv4, m_port,
                       QUdpSocket::ShareAddress | QUdpSocket::ReuseAddressHint)) {
        *error =
            QStringLiteral("cannot bind UDP port %1: %2").arg(m_port).arg(m_socket.errorString());
        return false;
    }
    m_socket.setMulticastInterface(m_interface);
    m_socket.setSocketOption(QAbstractSocket::MulticastTtlOption, QVariant(1));
    m_socket.setSocketOption(QAbstractSocket::MulticastLoopbackOption, QVariant(1));
    return true;
}

bool GroupSocket::join(const QHostAddress &group, QString *error)
{
    if (m_socket.joinMulticastGroup(group, m_interface))
        return true;
    *error = QStringLiteral("cannot join %1 on %2: %3")
                 .arg(group.toString(), m_interface.name(), m_socket.errorString());
    return false;
}

void GroupSocket::leave(const QHostAddress &group)
{
    m_socket.leaveMulticastGroup(group, m_interface);
}

bool GroupSocket::send(const QByteArray &datagram, const QHostAddress &address, quint16 port)
{
    return m_socket.writeDatagram(datagram, address, port) == datagram.size();
}

// Reads at most readBatch datagrams, then returns to the event loop. Every read re-enables
// QUdpSocket's read notifier, which is level-triggered, so what is left brings the next
// readyRead on the loop's next pass. No timer may read in between: a readyRead that then finds
// the queue empty reads nothing, QUdpSocket takes the next notification for one still unread
// and switches its notifier off for good (a flood stopped this node hearing its groups).
void GroupSocket::readPending()
{
    for (int i = 0; i < readBatch && m_socket.hasPendingDatagrams(); ++i) {
        const QNetworkDatagram datagram = m_socket.receiveDatagram(PeerMessage::maxWireSize + 1);
        if (!datagram.isValid())
            continue;
        emit received(PeerDatagram{datagram.data(), datagram.senderAddress(),
                                   quint16(datagram.senderPort()), datagram.destinationAddress(),
                                   m_port});
    }
}

} // namespace Shoal
