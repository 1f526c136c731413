#include "service/control/ControlConnection.h"

#include "shared/LogCategories.h"
#include "shared/control/ControlJson.h"
#include "shared/control/ControlProtocol.h"

#include <QJsonDocument>
#include <QLocalSocket>

namespace Shoal {

namespace {

using namespace Qt::StringLiterals;

// Input is read in pieces of this size, so one client's flood cannot make a buffer large.
constexpr qint64 readChunkBytes = 64 * 1024;

} // namespace

ControlConnection::ControlConnection(QLocalSocket *socket, ControlHandler &handler,
                                     const ControlConnectionLimits &limits, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_handler(handler)
    , m_limits(limits)
    , m_framer(Control::maxRequestLineBytes)
{
    m_socket->setParent(this);
    m_socket->setReadBufferSize(4 * readChunkBytes);
    m_session.credentials = PeerCredentials::ofSocket(m_socket->socketDescriptor());
    connect(m_socket, &QLocalSocket::readyRead, this, &ControlConnection::onReadyRead);
    connect(m_socket, &QLocalSocket::disconnected, this, [this] { emit closed(this); });
    m_helloTimer.setSingleShot(true);
    connect(&m_helloTimer, &QTimer::timeout, this, &ControlConnection::onHelloTimeout);
    m_helloTimer.start(m_limits.helloTimeoutMs);
    // Bytes may have arrived before the readyRead connection existed.
    QMetaObject::invokeMethod(this, &ControlConnection::onReadyRead, Qt::QueuedConnection);
}

void ControlConnection::onReadyRead()
{
    QByteArray line;
    while (!m_closing && m_socket->bytesAvailable() > 0) {
        m_framer.append(m_socket->read(readChunkBytes));
        for (;;) {
            const auto result = m_framer.next(line);
            if (result == Control::LineFramer::Result::NeedMore)
                break;
            if (result == Control::LineFramer::Result::TooLong) {
                ++*m_limits.lineTooLong;
                return closeWithError(
                    Control::ErrorCode::lineTooLong,
                    u"a line may not be longer than %1 bytes"_s.arg(Control::maxRequestLineBytes));
            }
            handleLine(line);
            if (m_closing)
                return;
        }
    }
}

void ControlConnection::handleLine(const QByteArray &line)
{
    const ControlReply reply = m_handler.handleLine(line, m_session);
    if (m_session.greeted)
        m_helloTimer.stop();
    if (reply.close) {
        send(reply.message);
        m_closing = true;
        m_socket->disconnectFromServer();
        return;
    }
    if (!reply.message.isEmpty())
        send(reply.message);
}

void ControlConnection::send(const QJsonObject &message)
{
    if (m_socket->state() != QLocalSocket::ConnectedState)
        return;
    if (m_socket->bytesToWrite() > m_limits.maxOutputBytes)
        return abortAsSlowReader();
    m_socket->write(QJsonDocument(message).toJson(QJsonDocument::Compact) + '\n');
}

void ControlConnection::pushEvent(const Control::Event &event)
{
    if (m_session.greeted && !m_closing && m_session.wants(event.kind))
        send({{"event"_L1, Control::toJson(event)}});
}

void ControlConnection::closeWithError(QLatin1StringView code, const QString &text)
{
    send(ControlHandler::errorMessage(code, text));
    m_closing = true;
    m_socket->disconnectFromServer();
}

void ControlConnection::onHelloTimeout()
{
    if (m_session.greeted || m_closing)
        return;
    ++*m_limits.helloTimeout;
    closeWithError(Control::ErrorCode::helloTimeout,
                   u"no hello within %1 ms"_s.arg(m_limits.helloTimeoutMs));
}

void ControlConnection::abortAsSlowReader()
{
    ++*m_limits.slowReader;
    if (m_limits.dropLog->allow(m_limits.clock->nowMs()))
        qCInfo(lcControl) << "control client dropped, not reading its replies; pid"
                          << m_session.credentials.pid << "unread bytes" << m_socket->bytesToWrite()
                          << "suppressed" << m_limits.dropLog->suppressed();
    m_closing = true;
    m_socket->abort();
}

} // namespace Shoal
