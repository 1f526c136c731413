#include "service/peer/GroupSocket.h"

#include "service/peer/PeerMessage.h"

#include <QNetworkDatagram>
#include <QTimer>
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

void GroupSocket::readPending()
{
    m_readScheduled = false;
    for (int i = 0; i < readBatch && m_socket.hasPendingDatagrams(); ++i) {
        const QNetworkDatagram datagram = m_socket.receiveDatagram(PeerMessage::maxWireSize + 1);
        if (!datagram.isValid())
            continue;
        emit received(PeerDatagram{datagram.data(), datagram.senderAddress(),
                                   quint16(datagram.senderPort()), datagram.destinationAddress(),
                                   m_port});
    }
    if (m_socket.hasPendingDatagrams() && !m_readScheduled) {
        m_readScheduled = true;
        QTimer::singleShot(0, this, &GroupSocket::readPending);
    }
}

} // namespace Shoal
