#pragma once

#include <QByteArray>
#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocalSocket>
#include <QString>
#include <QTest>
#include <optional>

namespace Shoal::Test {

// A control client that writes raw bytes and reads raw lines, for driving the server with
// input a well-behaved client would never send. Waiting spins the event loop, because the
// server under test lives in the same thread; the deadline only stops a broken test.
class RawClient
{
public:
    static constexpr int waitMs = 10'000;

    RawClient()
    {
        QObject::connect(&m_socket, &QLocalSocket::connected, [this] { m_connected = true; });
    }

    // True once connected, even if the server has hung up again since (a refused client).
    bool connectTo(const QString &path)
    {
        m_socket.connectToServer(path);
        return waitFor([this] { return m_connected; });
    }

    void write(const QByteArray &bytes) { m_socket.write(bytes); }
    void send(const QJsonObject &message)
    {
        write(QJsonDocument(message).toJson(QJsonDocument::Compact) + '\n');
    }

    // The next line the server sent, parsed; nullopt when none came or it was not an object.
    std::optional<QJsonObject> next()
    {
        if (!waitFor([this] { return m_socket.canReadLine(); }))
            return std::nullopt;
        const QJsonDocument document = QJsonDocument::fromJson(m_socket.readLine());
        if (!document.isObject())
            return std::nullopt;
        return document.object();
    }

    bool hello(int protocol = 1)
    {
        send({{QStringLiteral("hello"), QJsonObject{{QStringLiteral("protocol"), protocol}}}});
        const auto reply = next();
        return reply && reply->contains(QStringLiteral("hello"));
    }

    QJsonObject call(const QString &method, const QJsonObject &params = {})
    {
        send({{QStringLiteral("id"), ++m_lastId},
              {QStringLiteral("method"), method},
              {QStringLiteral("params"), params}});
        return next().value_or(QJsonObject());
    }

    bool waitForDisconnect()
    {
        return waitFor([this] { return m_socket.state() == QLocalSocket::UnconnectedState; });
    }

    QLocalSocket &socket() { return m_socket; }

    template<typename Condition> static bool waitFor(Condition condition)
    {
        QDeadlineTimer deadline(waitMs);
        while (!condition()) {
            if (deadline.hasExpired())
                return false;
            QTest::qWait(5);
        }
        return true;
    }

private:
    QLocalSocket m_socket;
    bool m_connected = false;
    int m_lastId = 0;
};

} // namespace Shoal::Test
