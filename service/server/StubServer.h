#pragma once

#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPair>

#include <memory>
#include <vector>

#include "service/server/ClientFilter.h"
#include "service/server/QueryGate.h"
#include "service/server/TcpListener.h"

namespace Shoal {

class Clock;
class Counters;
class Resolver;
class UdpListener;

// The daemon's face to the workstation's clients: a UDP and a TCP listener on every configured
// address, all feeding one QueryGate and one Resolver.
class StubServer : public QObject
{
    Q_OBJECT

public:
    using Endpoint = QPair<QHostAddress, quint16>;

    StubServer(Resolver &resolver, Counters &counters, const Clock &clock, ClientFilter filter,
               TcpLimits tcpLimits, QObject *parent = nullptr);
    ~StubServer() override;

    // Opens every endpoint, UDP and TCP; on the first failure closes everything and says why.
    // Port 0 picks a free port (the same for UDP and TCP of one endpoint).
    bool listen(const QList<Endpoint> &endpoints, QString *error);

    // The addresses and ports actually bound, in the order given to listen().
    QList<Endpoint> boundEndpoints() const { return m_bound; }

private:
    bool listenOn(const Endpoint &endpoint, QString *error);

    Resolver &m_resolver;
    Counters &m_counters;
    ClientFilter m_filter;
    QueryGate m_gate;
    TcpLimits m_tcpLimits;
    std::vector<std::unique_ptr<UdpListener>> m_udp;
    std::vector<std::unique_ptr<TcpListener>> m_tcp;
    QList<Endpoint> m_bound;
};

} // namespace Shoal
