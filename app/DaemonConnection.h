#pragma once

#include "app/Backoff.h"
#include "shared/control/ControlClient.h"
#include "shared/control/ControlTypes.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>
#include <functional>

namespace Shoal::Tray {

// The tray's one connection to shoald, over ControlClient. It keeps itself connected: when the
// daemon is not running or goes away it retries on its own (Backoff), and once connected it
// subscribes to every event topic. Requests carry callbacks bound to a context object, so a
// model that goes away never receives a late reply; requests still open when the connection
// drops fail with the code "disconnected".
class DaemonConnection : public QObject
{
    Q_OBJECT

public:
    enum class State
    {
        Connecting,
        Connected,
        Unreachable
    };
    Q_ENUM(State)

    using ReplyHandler = std::function<void(const QJsonObject &result)>;
    using ErrorHandler = std::function<void(const QString &code, const QString &message)>;

    explicit DaemonConnection(const QString &socketPath, QObject *parent = nullptr);
    ~DaemonConnection() override;

    // Starts connecting; from then on the connection is kept up until stop().
    void start();
    void stop();
    void setBackoff(const Backoff &backoff) { m_backoff = backoff; }

    State state() const { return m_state; }
    bool isConnected() const { return m_state == State::Connected; }
    QString socketPath() const { return m_socketPath; }
    // Why the daemon is not reachable, in words; empty while connected.
    QString problem() const { return m_problem; }
    // Whether this user may join, leave and flush (from the daemon's hello).
    bool mayChange() const { return m_client.mayChange(); }
    QString serverName() const { return m_client.serverName(); }

    // Sends a request; exactly one of the handlers is called later, unless `context` is gone
    // by then. Fails at once (asynchronously) when not connected.
    void request(const QString &method, const QJsonObject &params, QObject *context,
                 ReplyHandler onReply, ErrorHandler onError = {});

    // The code a request fails with when the connection is not there or drops.
    static QString disconnectedCode();

signals:
    void stateChanged(Shoal::Tray::DaemonConnection::State state);
    // Connected and subscribed: a good moment to (re)load everything.
    void connected();
    void eventReceived(const Shoal::Control::Event &event);

private:
    struct Pending
    {
        QPointer<QObject> context;
        ReplyHandler onReply;
        ErrorHandler onError;
    };

    void attempt();
    void onReady();
    void onConnectFailed(ControlClient::ConnectError error, const QString &message);
    void onDisconnected(const QString &reason);
    void onReplied(quint64 id, const QJsonObject &result);
    void onFailed(quint64 id, const QString &code, const QString &message);
    void onEvent(const QJsonObject &object);
    void becomeUnreachable(const QString &problem);
    void failAllPending(const QString &message);
    void setState(State state);

    ControlClient m_client;
    QString m_socketPath;
    QString m_problem;
    State m_state = State::Connecting;
    Backoff m_backoff;
    QTimer m_retryTimer;
    bool m_running = false;
    QHash<quint64, Pending> m_pending;
};

} // namespace Shoal::Tray
