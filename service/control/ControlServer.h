#pragma once

#include "service/common/Clock.h"
#include "service/common/Counters.h"
#include "service/common/LogLimiter.h"
#include "service/control/ControlBackend.h"
#include "service/control/ControlHandler.h"

#include <QList>
#include <QLocalServer>
#include <QObject>
#include <QString>
#include <QTimer>

namespace Shoal {

class ControlConnection;

struct ControlServerOptions
{
    QString socketPath; // from --control; Control::defaultServerSocketPath() when not given
    QString adminGroup; // members may join, leave and flush; empty: root and the daemon only
    int maxClients = 64;
    qint64 maxOutputBytes = 1024 * 1024; // per client, see ControlConnectionLimits
    int helloTimeoutMs = 10'000;
    int countersIntervalMs = 5'000; // how often subscribers get a counters event
    int eventLogCapacity = 1000;
};

// The daemon's end of the control channel: a QLocalServer on a Unix socket (a named pipe on
// Windows) speaking the line-based JSON protocol of docs/control-protocol.md. It owns the
// event log; the daemon reports what happens through publishEvent(). Connections beyond
// maxClients are told so and closed. Its own counters (control.*) are listed with the
// daemon's.
class ControlServer : public QObject
{
    Q_OBJECT

public:
    ControlServer(ControlBackend &backend, const ControlServerOptions &options, const Clock &clock,
                  QObject *parent = nullptr);
    ~ControlServer() override;

    // Prepares the path (parent directory, stale socket) and listens. On failure, false and
    // errorString() says why.
    bool listen();
    void close();
    QString errorString() const { return m_error; }
    QString socketPath() const { return m_options.socketPath; }

    // Records a user-facing event and pushes it to the clients subscribed to its topic.
    void publishEvent(Control::EventKind kind, const QString &subject, const QString &text);

    // Sends a counters event to subscribed clients now (the timer does it every interval).
    void pushCounters();

    int clientCount() const { return int(m_connections.size()); }
    const Counters &counters() const { return m_counters; }
    const ControlHandler &handler() const { return m_handler; }

private:
    void onNewConnection();
    void onConnectionClosed(ControlConnection *connection);
    void broadcast(const Control::Event &event);

    ControlServerOptions m_options;
    const Clock &m_clock;
    Counters m_counters;
    ControlHandler m_handler;
    QLocalServer m_server;
    QList<ControlConnection *> m_connections;
    QTimer m_countersTimer;
    LogLimiter m_dropLog;
    QString m_error;
    quint64 &m_accepted;
    quint64 &m_tooManyClients;
    quint64 &m_lineTooLong;
    quint64 &m_slowReader;
    quint64 &m_helloTimeout;
};

} // namespace Shoal
