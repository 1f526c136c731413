#include "service/server/StubServer.h"

#include "service/server/UdpListener.h"
#include "shared/LogCategories.h"

namespace Shoal {

StubServer::StubServer(Resolver &resolver, Counters &counters, const Clock &clock,
                       ClientFilter filter, TcpLimits tcpLimits, QObject *parent)
    : QObject(parent)
    , m_resolver(resolver)
    , m_counters(counters)
    , m_filter(std::move(filter))
    , m_gate(counters, clock)
    , m_tcpLimits(tcpLimits)
{
}

StubServer::~StubServer() = default;

bool StubServer::listen(const QList<Endpoint> &endpoints, QString *error)
{
    for (const Endpoint &endpoint : endpoints) {
        if (!listenOn(endpoint, error)) {
            m_udp.clear();
            m_tcp.clear();
            m_bound.clear();
            return false;
        }
    }
    return true;
}

bool StubServer::listenOn(const Endpoint &endpoint, QString *error)
{
    const auto &[address, port] = endpoint;
    auto udp = std::make_unique<UdpListener>(m_gate, m_resolver, m_filter);
    QString reason;
    if (!udp->open(address, port, &reason)) {
        *error = tr("cannot listen on UDP %1 port %2: %3").arg(address.toString()).arg(port).arg(reason);
        return false;
    }
    const quint16 boundPort = udp->localPort();
    auto tcp = std::make_unique<TcpListener>(m_gate, m_resolver, m_filter, m_counters, m_tcpLimits);
    if (!tcp->open(address, boundPort, &reason)) {
        *error = tr("cannot listen on TCP %1 port %2: %3").arg(address.toString()).arg(boundPort).arg(reason);
        return false;
    }
    qCInfo(lcDns).noquote() << "listening on" << address.toString() << "port" << boundPort << "(UDP and TCP)";
    m_udp.push_back(std::move(udp));
    m_tcp.push_back(std::move(tcp));
    m_bound.append({address, boundPort});
    return true;
}

} // namespace Shoal
