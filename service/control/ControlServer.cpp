#include "service/control/ControlServer.h"

#include "service/control/ControlConnection.h"
#include "service/control/SocketFile.h"
#include "shared/LogCategories.h"
#include "shared/control/ControlProtocol.h"

#include <QJsonDocument>
#include <QLocalSocket>
#include <utility>

namespace Shoal {

namespace {

using namespace Qt::StringLiterals;

AccessPolicy policyFor(const ControlServerOptions &options)
{
    QString error;
    AccessPolicy policy = AccessPolicy::forThisProcess(options.adminGroup, &error);
    if (!error.isEmpty())
        qCWarning(lcControl) << "control admin group ignored:" << error;
    return policy;
}

} // namespace

ControlServer::ControlServer(ControlBackend &backend, const ControlServerOptions &options,
                             const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_clock(clock)
    , m_handler(backend, policyFor(options), clock, m_counters, options.eventLogCapacity)
    , m_accepted(m_counters.counter(u"control.connections"_s, u"control clients accepted"_s))
    , m_tooManyClients(m_counters.counter(u"control.dropped.too-many-clients"_s,
                                          u"control connections refused: client limit reached"_s))
    , m_lineTooLong(m_counters.counter(u"control.dropped.line-too-long"_s,
                                       u"control clients dropped for an over-long line"_s))
    , m_slowReader(m_counters.counter(u"control.dropped.slow-reader"_s,
                                      u"control clients dropped for not reading their replies"_s))
    , m_helloTimeout(m_counters.counter(u"control.dropped.hello-timeout"_s,
                                        u"control clients dropped for saying nothing"_s))
{
    m_server.setSocketOptions(QLocalServer::WorldAccessOption);
    connect(&m_server, &QLocalServer::newConnection, this, &ControlServer::onNewConnection);
    m_handler.setEventListener([this](const Control::Event &event) { broadcast(event); });
    connect(&m_countersTimer, &QTimer::timeout, this, &ControlServer::pushCounters);
}

ControlServer::~ControlServer()
{
    close();
}

bool ControlServer::listen()
{
    m_error = SocketFile::prepare(m_options.socketPath);
    if (!m_error.isEmpty())
        return false;
    if (!m_server.listen(m_options.socketPath)) {
        m_error = u"cannot listen on %1: %2"_s.arg(m_options.socketPath, m_server.errorString());
        return false;
    }
    m_countersTimer.start(m_options.countersIntervalMs);
    qCInfo(lcControl) << "control channel listening on" << m_options.socketPath;
    return true;
}

void ControlServer::close()
{
    m_countersTimer.stop();
    const QList<ControlConnection *> connections = std::exchange(m_connections, {});
    for (ControlConnection *connection : connections) {
        connection->disconnect(this);
        delete connection;
    }
    if (m_server.isListening())
        m_server.close();
}

void ControlServer::onNewConnection()
{
    while (QLocalSocket *socket = m_server.nextPendingConnection()) {
        if (m_connections.size() >= m_options.maxClients) {
            ++m_tooManyClients;
            if (m_dropLog.allow(m_clock.nowMs()))
                qCInfo(lcControl) << "control client refused, client limit reached"
                                  << m_options.maxClients << "suppressed" << m_dropLog.suppressed();
            socket->write(QJsonDocument(ControlHandler::errorMessage(
                                            Control::ErrorCode::tooManyClients,
                                            u"the daemon already serves %1 control clients"_s.arg(
                                                m_options.maxClients)))
                              .toJson(QJsonDocument::Compact) +
                          '\n');
            connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
            socket->disconnectFromServer();
            continue;
        }
        ++m_accepted;
        ControlConnectionLimits limits{m_options.maxOutputBytes,
                                       m_options.helloTimeoutMs,
                                       &m_lineTooLong,
                                       &m_slowReader,
                                       &m_helloTimeout,
                                       &m_dropLog,
                                       &m_clock};
        auto *connection = new ControlConnection(socket, m_handler, limits, this);
        connect(connection, &ControlConnection::closed, this, &ControlServer::onConnectionClosed);
        m_connections.append(connection);
    }
}

void ControlServer::onConnectionClosed(ControlConnection *connection)
{
    if (m_connections.removeOne(connection))
        connection->deleteLater();
}

void ControlServer::publishEvent(Control::EventKind kind, const QString &subject,
                                 const QString &text)
{
    m_handler.publish(kind, subject, text);
}

void ControlServer::broadcast(const Control::Event &event)
{
    const QList<ControlConnection *> connections = m_connections; // a push may drop a client
    for (ControlConnection *connection : connections)
        connection->pushEvent(event);
}

void ControlServer::pushCounters()
{
    bool wanted = false;
    for (const ControlConnection *connection : std::as_const(m_connections))
        wanted = wanted || connection->session().wants(Control::EventKind::Counters);
    if (!wanted)
        return;
    Control::Event event;
    event.timeMs = m_clock.nowMs();
    event.kind = Control::EventKind::Counters;
    event.counters = m_handler.counters();
    broadcast(event);
}

} // namespace Shoal
