#pragma once

#include <QHostAddress>
#include <QObject>

#include <unordered_map>

class QTcpServer;
class QTcpSocket;
class QTimer;

namespace Shoal {

class ClientFilter;
class Counters;
class QueryGate;
class Resolver;

struct TcpLimits
{
    int maxClients = 256;
    int idleTimeoutMs = 10'000;        // a client that sends no complete query for this long
    int maxQueriesInFlight = 32;       // per connection
    qint64 maxUnsentBytes = 1 << 20;   // a client that does not read its answers
};

// DNS over TCP (RFC 7766): length-prefixed queries, several in flight per connection, answers
// in any order. Clients that are slow, silent or hostile are disconnected; the others are not
// affected.
class TcpListener : public QObject
{
    Q_OBJECT

public:
    TcpListener(QueryGate &gate, Resolver &resolver, const ClientFilter &filter, Counters &counters,
                TcpLimits limits, QObject *parent = nullptr);

    bool open(const QHostAddress &address, quint16 port, QString *error);
    quint16 localPort() const;
    int clientCount() const { return m_clients; }

private:
    struct Connection
    {
        QTimer *idleTimer = nullptr; // a child of the socket
        int inFlight = 0;
    };

    void acceptClients();
    void serve(QTcpSocket *socket);
    void readQueries(QTcpSocket *socket);
    void handleQuery(QTcpSocket *socket, const QByteArray &query);
    void sendReply(QTcpSocket *socket, const QByteArray &reply);

    QueryGate &m_gate;
    Resolver &m_resolver;
    const ClientFilter &m_filter;
    TcpLimits m_limits;
    QTcpServer *m_server = nullptr;
    int m_clients = 0;
    std::unordered_map<QTcpSocket *, Connection> m_connections;
    quint64 &m_refusedBusy;
    quint64 &m_idleClosed;
    quint64 &m_slowReaderClosed;
    quint64 &m_tooManyInFlight;
};

} // namespace Shoal
