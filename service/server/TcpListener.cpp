#include "service/server/TcpListener.h"

#include <QNetworkProxy>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include "service/common/Counters.h"
#include "service/dns/Message.h"
#include "service/dns/MessageBuilder.h"
#include "service/resolver/Resolver.h"
#include "service/server/ClientFilter.h"
#include "service/server/QueryGate.h"
#include "shared/LogCategories.h"

namespace Shoal {

TcpListener::TcpListener(QueryGate &gate, Resolver &resolver, const ClientFilter &filter,
                         Counters &counters, TcpLimits limits, QObject *parent)
    : QObject(parent)
    , m_gate(gate)
    , m_resolver(resolver)
    , m_filter(filter)
    , m_limits(limits)
    , m_refusedBusy(counters.counter(u"dns.tcp.refused-busy"_qs, u"TCP connections closed at once: too many clients"_qs))
    , m_idleClosed(counters.counter(u"dns.tcp.idle-closed"_qs, u"TCP clients closed for sending no complete query in time"_qs))
    , m_slowReaderClosed(counters.counter(u"dns.tcp.slow-reader-closed"_qs, u"TCP clients closed for not reading their answers"_qs))
    , m_tooManyInFlight(counters.counter(u"dns.tcp.too-many-in-flight"_qs, u"TCP clients closed for too many queries in flight"_qs))
{
}

bool TcpListener::open(const QHostAddress &address, quint16 port, QString *error)
{
    m_server = new QTcpServer(this);
    m_server->setMaxPendingConnections(64);
    // Listening for local clients needs no proxy, nor a query of the system's proxy settings.
    m_server->setProxy(QNetworkProxy::NoProxy);
    if (!m_server->listen(address, port)) {
        *error = m_server->errorString();
        return false;
    }
    connect(m_server, &QTcpServer::newConnection, this, &TcpListener::acceptClients);
    return true;
}

quint16 TcpListener::localPort() const { return m_server ? m_server->serverPort() : 0; }

void TcpListener::acceptClients()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        if (!m_filter.allows(socket->peerAddress())) {
            m_gate.countNotAllowed("TCP client not allowed");
            socket->abort();
            socket->deleteLater();
            continue;
        }
        if (m_clients >= m_limits.maxClients) {
            ++m_refusedBusy;
            socket->abort();
            socket->deleteLater();
            continue;
        }
        serve(socket);
    }
}

void TcpListener::serve(QTcpSocket *socket)
{
    ++m_clients;
    Connection &connection = m_connections[socket];
    connection.idleTimer = new QTimer(socket);
    connection.idleTimer->setSingleShot(true);
    connection.idleTimer->start(m_limits.idleTimeoutMs);
    connect(connection.idleTimer, &QTimer::timeout, socket, [this, socket] {
        ++m_idleClosed;
        socket->abort();
    });
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] { readQueries(socket); });
    connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
        --m_clients;
        m_connections.erase(socket);
        socket->deleteLater();
    });
    socket->setReadBufferSize(2 + 65535);
}

void TcpListener::readQueries(QTcpSocket *socket)
{
    while (socket->bytesAvailable() >= 2) {
        char prefix[2];
        socket->peek(prefix, 2);
        const int length = (std::uint8_t(prefix[0]) << 8) | std::uint8_t(prefix[1]);
        if (socket->bytesAvailable() < 2 + length)
            return; // the rest of the frame has not arrived; the idle timer bounds the wait
        socket->skip(2);
        handleQuery(socket, socket->read(length));
        if (socket->state() != QAbstractSocket::ConnectedState)
            return;
    }
}

void TcpListener::handleQuery(QTcpSocket *socket, const QByteArray &query)
{
    const auto found = m_connections.find(socket);
    if (found == m_connections.end())
        return;
    Connection &connection = found->second;
    connection.idleTimer->start(m_limits.idleTimeoutMs);

    Dns::QueryView view;
    const auto *data = reinterpret_cast<const std::uint8_t *>(query.constData());
    const QueryGate::Result verdict = m_gate.check(data, std::size_t(query.size()), view);
    if (verdict.verdict == QueryGate::Verdict::Drop) {
        // Garbage on a stream leaves nothing to resynchronise on.
        socket->abort();
        return;
    }
    if (verdict.verdict == QueryGate::Verdict::Reply) {
        sendReply(socket, Dns::MessageBuilder::errorReply(query, verdict.rcode));
        return;
    }
    if (connection.inFlight >= m_limits.maxQueriesInFlight) {
        ++m_tooManyInFlight;
        socket->abort();
        return;
    }
    ++connection.inFlight;
    QPointer<QTcpSocket> guard(socket);
    m_resolver.resolve(query, false, [this, guard](const QByteArray &reply) {
        if (!guard)
            return;
        if (const auto it = m_connections.find(guard.data()); it != m_connections.end())
            --it->second.inFlight;
        sendReply(guard, reply);
    });
}

void TcpListener::sendReply(QTcpSocket *socket, const QByteArray &reply)
{
    if (socket->state() != QAbstractSocket::ConnectedState || reply.size() > 65535)
        return;
    if (socket->bytesToWrite() > m_limits.maxUnsentBytes) {
        ++m_slowReaderClosed;
        socket->abort();
        return;
    }
    const char prefix[2] = {char(reply.size() >> 8), char(reply.size() & 0xff)};
    socket->write(prefix, 2);
    socket->write(reply);
}

} // namespace Shoal
