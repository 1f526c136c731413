#pragma once

#include "service/common/Clock.h"
#include "service/common/LogLimiter.h"
#include "service/control/ControlHandler.h"
#include "service/control/ControlSession.h"
#include "shared/control/LineFramer.h"

#include <QJsonObject>
#include <QObject>
#include <QTimer>

class QLocalSocket;

namespace Shoal {

// The limits one connection enforces and the counters it bumps when a client breaks them.
struct ControlConnectionLimits
{
    qint64 maxOutputBytes = 1024 * 1024; // unread replies and events held for a client
    int helloTimeoutMs = 10'000;
    quint64 *lineTooLong = nullptr;
    quint64 *slowReader = nullptr;
    quint64 *helloTimeout = nullptr;
    LogLimiter *dropLog = nullptr; // shared by all connections: one phrase, one limit
    const Clock *clock = nullptr;
};

// One client of the control server: reads its lines, passes each to the handler, writes the
// replies and the events it subscribed to. A client that sends an over-long line, stays
// silent past the hello timeout or stops reading while its output piles up is told why (when
// it can still be told) and disconnected; the server and the other clients carry on.
class ControlConnection : public QObject
{
    Q_OBJECT

public:
    ControlConnection(QLocalSocket *socket, ControlHandler &handler,
                      const ControlConnectionLimits &limits, QObject *parent = nullptr);

    const ControlSession &session() const { return m_session; }

    // Sends `event` if the client subscribed to its topic.
    void pushEvent(const Control::Event &event);

    // Sends one message, unless the client's unread output is already over the limit: then
    // the client is dropped instead.
    void send(const QJsonObject &message);

    // Sends an error line and closes the connection once it is written.
    void closeWithError(QLatin1StringView code, const QString &text);

signals:
    void closed(Shoal::ControlConnection *connection);

private:
    void onReadyRead();
    void onHelloTimeout();
    void handleLine(const QByteArray &line);
    void abortAsSlowReader();

    QLocalSocket *m_socket;
    ControlHandler &m_handler;
    ControlConnectionLimits m_limits;
    ControlSession m_session;
    Control::LineFramer m_framer;
    QTimer m_helloTimer;
    bool m_closing = false;
};

} // namespace Shoal
