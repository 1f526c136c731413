#include "shared/control/ControlClient.h"

#include "shared/Version.h"
#include "shared/control/ControlProtocol.h"

#include <QJsonDocument>
#include <QJsonParseError>

namespace Shoal {

namespace {

using namespace Qt::StringLiterals;

QString errorText(const QJsonObject &error)
{
    const QString message = error["message"_L1].toString();
    return message.isEmpty() ? error["code"_L1].toString() : message;
}

} // namespace

ControlClient::ControlClient(QObject *parent)
    : QObject(parent)
    , m_framer(Control::maxReplyLineBytes)
    , m_clientName(QStringLiteral("shoal-client ") + QLatin1StringView(Shoal::version))
{
    connect(&m_socket, &QLocalSocket::connected, this, &ControlClient::onConnected);
    connect(&m_socket, &QLocalSocket::readyRead, this, &ControlClient::onReadyRead);
    connect(&m_socket, &QLocalSocket::errorOccurred, this, &ControlClient::onSocketError);
    connect(&m_socket, &QLocalSocket::disconnected, this, &ControlClient::onSocketDisconnected);
}

void ControlClient::connectToDaemon(const QString &socketPath)
{
    m_socketPath = socketPath;
    m_framer = Control::LineFramer(Control::maxReplyLineBytes);
    m_pendingReason.clear();
    m_state = State::Connecting;
    m_socket.connectToServer(socketPath);
}

void ControlClient::disconnectFromDaemon()
{
    m_pendingReason = tr("closed by this client");
    m_socket.abort();
    m_state = State::Disconnected;
}

quint64 ControlClient::send(const QString &method, const QJsonObject &params)
{
    const quint64 id = m_nextId++;
    writeMessage({{"id"_L1, qint64(id)}, {"method"_L1, method}, {"params"_L1, params}});
    return id;
}

void ControlClient::onConnected()
{
    m_state = State::Greeting;
    const QJsonObject hello{{"protocol"_L1, Control::protocolVersion}, {"client"_L1, m_clientName}};
    writeMessage({{"hello"_L1, hello}});
}

void ControlClient::onReadyRead()
{
    m_framer.append(m_socket.readAll());
    QByteArray line;
    for (;;) {
        const auto result = m_framer.next(line);
        if (result == Control::LineFramer::Result::NeedMore)
            return;
        if (result == Control::LineFramer::Result::TooLong)
            return drop(
                tr("the daemon sent a line longer than %1 bytes").arg(Control::maxReplyLineBytes));
        handleLine(line);
        if (m_state == State::Disconnected)
            return;
    }
}

void ControlClient::handleLine(const QByteArray &line)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(line, &parseError);
    if (!document.isObject())
        return drop(tr("the daemon sent something that is not a JSON object"));
    const QJsonObject message = document.object();
    if (m_state == State::Greeting)
        return handleHello(message);
    if (message.contains("event"_L1))
        return emit eventReceived(message["event"_L1].toObject());
    if (message.contains("id"_L1))
        return handleReply(message);
    if (message.contains("error"_L1))
        return handleUnsolicitedError(message["error"_L1].toObject());
}

void ControlClient::handleHello(const QJsonObject &message)
{
    if (message.contains("error"_L1))
        return failConnect(ConnectError::Refused, errorText(message["error"_L1].toObject()));
    const QJsonObject hello = message["hello"_L1].toObject();
    if (hello["protocol"_L1].toInt() != Control::protocolVersion)
        return failConnect(ConnectError::Refused,
                           tr("the daemon speaks control protocol %1, this client %2")
                               .arg(hello["protocol"_L1].toInt())
                               .arg(Control::protocolVersion));
    m_serverName = hello["server"_L1].toString();
    m_mayChange = hello["mayChange"_L1].toBool();
    m_state = State::Ready;
    emit ready();
}

void ControlClient::handleReply(const QJsonObject &message)
{
    const quint64 id = quint64(message["id"_L1].toInteger());
    if (message.contains("error"_L1)) {
        const QJsonObject error = message["error"_L1].toObject();
        return emit failed(id, error["code"_L1].toString(), errorText(error));
    }
    emit replied(id, message["result"_L1].toObject());
}

void ControlClient::handleUnsolicitedError(const QJsonObject &error)
{
    m_pendingReason = errorText(error);
}

void ControlClient::writeMessage(const QJsonObject &message)
{
    m_socket.write(QJsonDocument(message).toJson(QJsonDocument::Compact) + '\n');
}

void ControlClient::drop(const QString &reason)
{
    m_pendingReason = reason;
    m_socket.abort();
    if (m_state != State::Disconnected)
        onSocketDisconnected();
}

void ControlClient::failConnect(ConnectError error, const QString &message)
{
    m_state = State::Disconnected;
    m_socket.abort();
    emit connectFailed(error, message);
}

void ControlClient::onSocketError(QLocalSocket::LocalSocketError error)
{
    if (m_state != State::Connecting)
        return;
    switch (error) {
    case QLocalSocket::ServerNotFoundError:
    case QLocalSocket::ConnectionRefusedError:
        return failConnect(ConnectError::NotRunning,
                           tr("shoald is not running (no control socket at %1)").arg(m_socketPath));
    case QLocalSocket::SocketAccessError:
        return failConnect(ConnectError::PermissionDenied,
                           tr("permission denied opening the control socket %1").arg(m_socketPath));
    default:
        return failConnect(ConnectError::Other, m_socket.errorString());
    }
}

void ControlClient::onSocketDisconnected()
{
    const State previous = m_state;
    m_state = State::Disconnected;
    const QString reason =
        m_pendingReason.isEmpty() ? tr("the daemon closed the connection") : m_pendingReason;
    if (previous == State::Greeting)
        emit connectFailed(ConnectError::Refused, reason);
    else if (previous == State::Ready)
        emit disconnected(reason);
}

} // namespace Shoal
