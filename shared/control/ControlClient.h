#pragma once

#include "shared/control/LineFramer.h"

#include <QJsonObject>
#include <QLocalSocket>
#include <QObject>
#include <QString>

namespace Shoal {

// The client end of the control channel, for shoalctl and shoal-tray: connects to the
// daemon's socket, does the version handshake, sends requests and hands out replies and
// pushed events as signals. Asynchronous throughout; it never blocks the caller's event loop.
// Lines from the daemon are capped (Control::maxReplyLineBytes) like everything read from a
// socket; a daemon that breaks the protocol is disconnected.
class ControlClient : public QObject
{
    Q_OBJECT

public:
    enum class State
    {
        Disconnected,
        Connecting,
        Greeting,
        Ready
    };
    enum class ConnectError
    {
        NotRunning,       // no socket at the path, or nobody listening on it
        PermissionDenied, // the socket or its directory is not accessible to this user
        Refused,          // the daemon answered the hello with an error (version, client limit)
        Other,
    };
    Q_ENUM(ConnectError)

    explicit ControlClient(QObject *parent = nullptr);

    // How the client names itself in the hello, e.g. "shoalctl 0.1.0".
    void setClientName(const QString &name) { m_clientName = name; }

    void connectToDaemon(const QString &socketPath);
    void disconnectFromDaemon();

    State state() const { return m_state; }
    QString socketPath() const { return m_socketPath; }
    // From the daemon's hello: "shoald 0.1.0", and whether this user may change groups/cache.
    QString serverName() const { return m_serverName; }
    bool mayChange() const { return m_mayChange; }

    // Sends a request once Ready; returns its id, which the reply signals carry.
    quint64 send(const QString &method, const QJsonObject &params = {});

signals:
    void ready();
    void connectFailed(Shoal::ControlClient::ConnectError error, const QString &message);
    void replied(quint64 id, const QJsonObject &result);
    void failed(quint64 id, const QString &code, const QString &message);
    void eventReceived(const QJsonObject &event);
    // The connection ended after the handshake; `reason` is for people.
    void disconnected(const QString &reason);

private:
    void onConnected();
    void onReadyRead();
    void onSocketError(QLocalSocket::LocalSocketError error);
    void onSocketDisconnected();
    void handleLine(const QByteArray &line);
    void handleHello(const QJsonObject &message);
    void handleReply(const QJsonObject &message);
    void handleUnsolicitedError(const QJsonObject &error);
    void writeMessage(const QJsonObject &message);
    void drop(const QString &reason);
    void failConnect(ConnectError error, const QString &message);

    QLocalSocket m_socket;
    Control::LineFramer m_framer;
    State m_state = State::Disconnected;
    QString m_socketPath;
    QString m_clientName;
    QString m_serverName;
    QString m_pendingReason; // why the connection is being closed, once known
    bool m_mayChange = false;
    quint64 m_nextId = 1;
};

} // namespace Shoal
