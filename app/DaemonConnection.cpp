#include "app/DaemonConnection.h"

#include "shared/LogCategories.h"
#include "shared/Version.h"
#include "shared/control/ControlJson.h"
#include "shared/control/ControlProtocol.h"

#include <QJsonArray>

namespace Shoal::Tray {

namespace {

using namespace Qt::StringLiterals;

} // namespace

DaemonConnection::DaemonConnection(const QString &socketPath, QObject *parent)
    : QObject(parent)
    , m_socketPath(socketPath)
{
    m_client.setClientName(u"shoal-tray "_s + QLatin1StringView(Shoal::version));
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &DaemonConnection::attempt);
    connect(&m_client, &ControlClient::ready, this, &DaemonConnection::onReady);
    connect(&m_client, &ControlClient::connectFailed, this, &DaemonConnection::onConnectFailed);
    connect(&m_client, &ControlClient::disconnected, this, &DaemonConnection::onDisconnected);
    connect(&m_client, &ControlClient::replied, this, &DaemonConnection::onReplied);
    connect(&m_client, &ControlClient::failed, this, &DaemonConnection::onFailed);
    connect(&m_client, &ControlClient::eventReceived, this, &DaemonConnection::onEvent);
}

// The client's socket says goodbye while it is destroyed, after the members it would report to.
DaemonConnection::~DaemonConnection()
{
    m_client.disconnect(this);
}

QString DaemonConnection::disconnectedCode()
{
    return u"disconnected"_s;
}

void DaemonConnection::start()
{
    m_running = true;
    m_backoff.reset();
    attempt();
}

void DaemonConnection::stop()
{
    m_running = false;
    m_retryTimer.stop();
    m_client.disconnectFromDaemon();
    failAllPending(tr("the connection to shoald was closed"));
}

void DaemonConnection::attempt()
{
    if (!m_running)
        return;
    if (m_state != State::Unreachable)
        setState(State::Connecting);
    m_client.connectToDaemon(m_socketPath);
}

void DaemonConnection::onReady()
{
    m_backoff.reset();
    m_problem.clear();
    qCInfo(lcTray) << "connected to" << m_client.serverName() << "at" << m_socketPath;
    const QJsonObject params{{"events"_L1, QJsonArray::fromStringList(Control::eventTopics())}};
    request(Control::Method::subscribe, params, this, [this](const QJsonObject &) {
        setState(State::Connected);
        emit connected();
    });
}

void DaemonConnection::onConnectFailed(ControlClient::ConnectError, const QString &message)
{
    becomeUnreachable(message);
}

void DaemonConnection::onDisconnected(const QString &reason)
{
    becomeUnreachable(tr("the connection to shoald was lost: %1").arg(reason));
}

void DaemonConnection::becomeUnreachable(const QString &problem)
{
    failAllPending(problem);
    if (m_problem != problem)
        qCInfo(lcTray) << "daemon not reachable:" << problem;
    m_problem = problem;
    setState(State::Unreachable);
    if (m_running)
        m_retryTimer.start(m_backoff.next());
}

void DaemonConnection::request(const QString &method, const QJsonObject &params, QObject *context,
                               ReplyHandler onReply, ErrorHandler onError)
{
    if (m_client.state() != ControlClient::State::Ready) {
        const QString message = m_problem.isEmpty() ? tr("shoald is not connected") : m_problem;
        QTimer::singleShot(0, context ? context : this, [onError, message] {
            if (onError)
                onError(disconnectedCode(), message);
        });
        return;
    }
    const quint64 id = m_client.send(method, params);
    m_pending.insert(id, {context, std::move(onReply), std::move(onError)});
}

void DaemonConnection::onReplied(quint64 id, const QJsonObject &result)
{
    const Pending pending = m_pending.take(id);
    if (pending.context && pending.onReply)
        pending.onReply(result);
}

void DaemonConnection::onFailed(quint64 id, const QString &code, const QString &message)
{
    const Pending pending = m_pending.take(id);
    if (pending.context && pending.onError)
        pending.onError(code, message);
}

void DaemonConnection::onEvent(const QJsonObject &object)
{
    const auto event = Control::eventFromJson(object);
    if (event)
        emit eventReceived(*event);
}

void DaemonConnection::failAllPending(const QString &message)
{
    const QHash<quint64, Pending> pending = std::exchange(m_pending, {});
    for (const Pending &entry : pending) {
        if (entry.context && entry.onError)
            entry.onError(disconnectedCode(), message);
    }
}

void DaemonConnection::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    emit stateChanged(state);
}

} // namespace Shoal::Tray
