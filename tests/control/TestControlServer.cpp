#include "FakeBackend.h"
#include "RawClient.h"
#include "service/common/Clock.h"
#include "service/control/ControlServer.h"
#include "service/control/SocketFile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>
#include <memory>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

using namespace Shoal;
using namespace Shoal::Test;
using namespace Qt::StringLiterals;

namespace {

// A socket file with nobody behind it, as a crashed daemon leaves it.
bool makeStaleSocket(const QString &path)
{
    const QByteArray encoded = QFile::encodeName(path);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::memcpy(address.sun_path, encoded.constData(), std::size_t(encoded.size()));
    const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    const bool bound = ::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0;
    ::close(fd);
    return bound;
}

// A connected socket that Qt does not read from, so the client can refuse to read.
int rawConnect(const QString &path)
{
    const QByteArray encoded = QFile::encodeName(path);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::memcpy(address.sun_path, encoded.constData(), std::size_t(encoded.size()));
    const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    if (::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

mode_t modeOf(const QString &path)
{
    struct stat info
    {
    };
    ::lstat(QFile::encodeName(path).constData(), &info);
    return info.st_mode;
}

} // namespace

class TestControlServer : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    FakeBackend m_backend;
    ManualClock m_clock;
    std::unique_ptr<ControlServer> m_server;
    QString m_path;

    ControlServerOptions options() const
    {
        ControlServerOptions result;
        result.socketPath = m_path;
        return result;
    }

    bool start(const ControlServerOptions &serverOptions)
    {
        m_server = std::make_unique<ControlServer>(m_backend, serverOptions, m_clock);
        return m_server->listen();
    }

    quint64 counter(const QString &name) const { return m_server->counters().value(name); }

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_path = m_dir->filePath(u"run/shoal/control"_s);
        m_backend = FakeBackend();
    }

    void cleanup() { m_server.reset(); }

    void listenCreatesDirectoryAndOpenSocket()
    {
        QVERIFY2(start(options()), qPrintable(m_server->errorString()));
        QCOMPARE(modeOf(QFileInfo(m_path).absolutePath()) & 07777, mode_t(0755));
        QCOMPARE(modeOf(m_dir->filePath(u"run"_s)) & 07777, mode_t(0755));
        const mode_t mode = modeOf(m_path);
        QVERIFY(S_ISSOCK(mode));
        QCOMPARE(mode & 0666, mode_t(0666)); // every local user may connect
        m_server->close();
        QVERIFY(!QFileInfo::exists(m_path));
    }

    void staleSocketIsReplaced()
    {
        QVERIFY(QDir().mkpath(QFileInfo(m_path).absolutePath()));
        QVERIFY(makeStaleSocket(m_path));
        QVERIFY(S_ISSOCK(modeOf(m_path)));
        QVERIFY(!SocketFile::isListening(m_path));
        QVERIFY2(start(options()), qPrintable(m_server->errorString()));
        RawClient client;
        QVERIFY(client.connectTo(m_path));
        QVERIFY(client.hello());
    }

    void liveSocketIsNotStolen()
    {
        QVERIFY(start(options()));
        ControlServer second(m_backend, options(), m_clock);
        QVERIFY(!second.listen());
        QVERIFY(second.errorString().contains(u"already listening"_s));
        RawClient client;
        QVERIFY(client.connectTo(m_path));
        QVERIFY(client.hello());
    }

    void otherFilesAreNotTouched()
    {
        QVERIFY(QDir().mkpath(QFileInfo(m_path).absolutePath()));
        QFile file(m_path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("keep me");
        file.close();
        QVERIFY(!start(options()));
        QVERIFY(m_server->errorString().contains(u"not a socket"_s));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray("keep me"));
    }

    void handshakeAndRequests()
    {
        QVERIFY(start(options()));
        RawClient client;
        QVERIFY(client.connectTo(m_path));
        client.send({{"hello"_L1, QJsonObject{{"protocol"_L1, 1}, {"client"_L1, u"test"_s}}}});
        const auto hello = client.next();
        QVERIFY(hello);
        QCOMPARE((*hello)["hello"_L1]["server"_L1].toString(), u"shoald 0.1.0"_s);
        QVERIFY((*hello)["hello"_L1]["mayChange"_L1].toBool()); // the test runs as the daemon
        const QJsonObject status = client.call(u"status"_s);
        QCOMPARE(status["id"_L1].toInt(), 1);
        QCOMPARE(status["result"_L1]["version"_L1].toString(), u"0.1.0"_s);
        QCOMPARE(m_server->clientCount(), 1);
        QCOMPARE(counter(u"control.connections"_s), 1u);
    }

    void wrongVersionIsToldAndClosed()
    {
        QVERIFY(start(options()));
        RawClient client;
        QVERIFY(client.connectTo(m_path));
        client.send({{"hello"_L1, QJsonObject{{"protocol"_L1, 99}}}});
        const auto reply = client.next();
        QVERIFY(reply);
        QCOMPARE((*reply)["error"_L1]["code"_L1].toString(), u"unsupported-protocol"_s);
        QVERIFY(client.waitForDisconnect());
        QVERIFY(RawClient::waitFor([this] { return m_server->clientCount() == 0; }));
    }

    void linesAreFramedWhateverTheWrites()
    {
        QVERIFY(start(options()));
        RawClient client;
        QVERIFY(client.connectTo(m_path));
        client.write("{\"hello\": {\"prot");
        QTest::qWait(20);
        client.write("ocol\": 1}}\r\n");
        QVERIFY(client.next().value_or(QJsonObject()).contains("hello"_L1));
        client.write("{\"id\": 1, \"method\": \"groups\"}\n{\"id\": 2, \"method\": \"peers\"}\n");
        const auto first = client.next();
        const auto second = client.next();
        QVERIFY(first && second);
        QCOMPARE((*first)["id"_L1].toInt(), 1);
        QVERIFY((*first)["result"_L1]["groups"_L1].isArray());
        QCOMPARE((*second)["id"_L1].toInt(), 2);
        QVERIFY((*second)["result"_L1]["peers"_L1].isArray());
    }

    void subscribersGetTheirEvents()
    {
        QVERIFY(start(options()));
        RawClient watcher;
        RawClient bystander;
        QVERIFY(watcher.connectTo(m_path) && watcher.hello());
        QVERIFY(bystander.connectTo(m_path) && bystander.hello());
        const QJsonObject reply =
            watcher.call(u"subscribe"_s, {{"events"_L1, QJsonArray{u"peer"_s}}});
        QCOMPARE(reply["result"_L1]["subscribed"_L1].toArray(), QJsonArray{u"peer"_s});

        m_clock.setMs(1'700'000'123'000);
        m_server->publishEvent(Control::EventKind::OutageBegan, {}, u"All upstreams down."_s);
        m_server->publishEvent(Control::EventKind::PeerCame, u"n7"_s, u"Peer n7 joined lab."_s);
        const auto event = watcher.next();
        QVERIFY(event);
        QCOMPARE((*event)["event"_L1]["kind"_L1].toString(), u"peer.came"_s);
        QCOMPARE((*event)["event"_L1]["subject"_L1].toString(), u"n7"_s);
        QCOMPARE((*event)["event"_L1]["id"_L1].toInt(), 2);
        QCOMPARE((*event)["event"_L1]["timeMs"_L1].toInteger(), 1'700'000'123'000);

        // The bystander subscribed to nothing: its next line is the reply to its own request.
        QCOMPARE(bystander.call(u"groups"_s)["id"_L1].toInt(), 1);
        const QJsonObject log = bystander.call(u"events"_s);
        QCOMPARE(log["result"_L1]["events"_L1].toArray().size(), 2);
    }

    void countersArePushed()
    {
        ControlServerOptions serverOptions = options();
        serverOptions.countersIntervalMs = 20;
        QVERIFY(start(serverOptions));
        RawClient client;
        QVERIFY(client.connectTo(m_path) && client.hello());
        client.call(u"subscribe"_s, {{"events"_L1, QJsonArray{u"counters"_s}}});
        const auto event = client.next(); // from the timer
        QVERIFY(event);
        QCOMPARE((*event)["event"_L1]["kind"_L1].toString(), u"counters"_s);
        QStringList names;
        for (const QJsonValue &value : (*event)["event"_L1]["counters"_L1].toArray())
            names.append(value["name"_L1].toString());
        QVERIFY(names.contains(u"dns.queries"_s));
        QVERIFY(names.contains(u"control.connections"_s));
    }

    void garbageGetsErrorsAndTheClientCarriesOn()
    {
        QVERIFY(start(options()));
        RawClient client;
        QVERIFY(client.connectTo(m_path) && client.hello());
        client.write(QByteArray("\x00\xff\xfe garbage \x7f\n", 14));
        QCOMPARE(client.next().value_or(QJsonObject())["error"_L1]["code"_L1].toString(),
                 u"bad-json"_s);
        client.write("{\"id\": 9, \"method\": \"status\", \"params\": 17}\n");
        QCOMPARE(client.next().value_or(QJsonObject())["error"_L1]["code"_L1].toString(),
                 u"bad-params"_s);
        QCOMPARE(client.call(u"nonsense"_s)["error"_L1]["code"_L1].toString(), u"unknown-method"_s);
        QVERIFY(client.call(u"status"_s).contains("result"_L1));
        QCOMPARE(counter(u"control.dropped.bad-json"_s), 1u);
    }

    void garbageInsteadOfHelloIsClosed()
    {
        QVERIFY(start(options()));
        RawClient client;
        QVERIFY(client.connectTo(m_path));
        client.write("GET / HTTP/1.1\r\n\r\n");
        QCOMPARE(client.next().value_or(QJsonObject())["error"_L1]["code"_L1].toString(),
                 u"bad-json"_s);
        QVERIFY(client.waitForDisconnect());
    }

    void overlongLineDisconnects()
    {
        QVERIFY(start(options()));
        RawClient other;
        QVERIFY(other.connectTo(m_path) && other.hello());
        RawClient client;
        QVERIFY(client.connectTo(m_path) && client.hello());
        client.write(QByteArray(70 * 1024, 'x')); // no newline at all
        const auto reply = client.next();
        QVERIFY(reply);
        QCOMPARE((*reply)["error"_L1]["code"_L1].toString(), u"line-too-long"_s);
        QVERIFY(client.waitForDisconnect());
        QCOMPARE(counter(u"control.dropped.line-too-long"_s), 1u);
        QVERIFY(other.call(u"status"_s).contains("result"_L1));
    }

    void clientThatNeverReadsIsDropped()
    {
        for (int i = 0; i < 3000; ++i)
            m_backend.addEntry(u"host%1.example.test."_s.arg(i), u"TXT"_s, 300, false,
                               u"upstream"_s, {}, QString(200, u'x'));
        ControlServerOptions serverOptions = options();
        serverOptions.maxOutputBytes = 256 * 1024;
        QVERIFY(start(serverOptions));
        const int fd = rawConnect(m_path);
        QVERIFY(fd >= 0);
        QByteArray requests = "{\"hello\": {\"protocol\": 1}}\n";
        for (int i = 0; i < 100; ++i)
            requests += "{\"id\": 1, \"method\": \"cache\", \"params\": {\"limit\": 1000}}\n";
        QCOMPARE(::write(fd, requests.constData(), std::size_t(requests.size())),
                 ssize_t(requests.size()));
        QVERIFY(
            RawClient::waitFor([this] { return counter(u"control.dropped.slow-reader"_s) == 1; }));
        QVERIFY(RawClient::waitFor([this] { return m_server->clientCount() == 0; }));
        ::close(fd);
        RawClient other;
        QVERIFY(other.connectTo(m_path) && other.hello());
    }

    void clientLimitIsEnforced()
    {
        ControlServerOptions serverOptions = options();
        serverOptions.maxClients = 64;
        QVERIFY(start(serverOptions));
        std::vector<std::unique_ptr<RawClient>> clients;
        for (int i = 0; i < 200; ++i) {
            clients.push_back(std::make_unique<RawClient>());
            QVERIFY(clients.back()->connectTo(m_path));
        }
        QVERIFY(RawClient::waitFor(
            [this] { return counter(u"control.dropped.too-many-clients"_s) == 136; }));
        QCOMPARE(m_server->clientCount(), 64);
        const auto refusal = clients.back()->next();
        QVERIFY(refusal);
        QCOMPARE((*refusal)["error"_L1]["code"_L1].toString(), u"too-many-clients"_s);
        QVERIFY(clients.back()->waitForDisconnect());
        QVERIFY(clients.front()->hello());
        clients.resize(10); // the others hang up
        QVERIFY(RawClient::waitFor([this] { return m_server->clientCount() == 10; }));
        RawClient late;
        QVERIFY(late.connectTo(m_path) && late.hello());
    }

    void silentClientTimesOut()
    {
        ControlServerOptions serverOptions = options();
        serverOptions.helloTimeoutMs = 500;
        QVERIFY(start(serverOptions));
        RawClient talker;
        QVERIFY(talker.connectTo(m_path) && talker.hello());
        RawClient silent;
        QVERIFY(silent.connectTo(m_path));
        const auto reply = silent.next();
        QVERIFY(reply);
        QCOMPARE((*reply)["error"_L1]["code"_L1].toString(), u"hello-timeout"_s);
        QVERIFY(silent.waitForDisconnect());
        QCOMPARE(counter(u"control.dropped.hello-timeout"_s), 1u);
        QTest::qWait(600); // past the timeout: the client that said hello stays
        QVERIFY(talker.call(u"status"_s).contains("result"_L1));
    }
};

QTEST_GUILESS_MAIN(TestControlServer)
#include "TestControlServer.moc"
