#include "FakeBackend.h"
#include "RawClient.h"
#include "ctl/CommandLine.h"
#include "ctl/CommandRunner.h"
#include "ctl/HumanText.h"
#include "ctl/ResultFormatter.h"
#include "service/common/Clock.h"
#include "service/control/ControlServer.h"
#include "shared/control/ControlJson.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocalServer>
#include <QLocalSocket>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>
#include <ctime>
#include <memory>
#include <unistd.h>

using namespace Shoal;
using namespace Shoal::Ctl;
using namespace Shoal::Test;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 now = 1'700'000'000'000; // 2023-11-14 22:13:20 UTC

QString shoalctlPath()
{
    return QCoreApplication::applicationDirPath() + u"/../../ctl/shoalctl"_s;
}

// One run of shoalctl in this process: its output, errors and exit code.
struct InProcessRun
{
    int code = -1;
    QString out;
    QString err;
};

// shoalctl as a separate process, waited for while this test's event loop serves it.
struct ChildRun
{
    int code = -1;
    QProcess::ExitStatus status = QProcess::CrashExit;
    QString out;
    QString err;
};

ChildRun runChild(const QStringList &arguments, const QByteArray &input = {},
                  const QStringList &prefix = {})
{
    QProcess process;
    QStringList all = prefix;
    all << shoalctlPath() << arguments;
    process.start(all.takeFirst(), all);
    if (!process.waitForStarted())
        return {};
    process.write(input);
    process.closeWriteChannel();
    RawClient::waitFor([&] { return process.state() == QProcess::NotRunning; });
    return {process.exitCode(), process.exitStatus(),
            QString::fromUtf8(process.readAllStandardOutput()),
            QString::fromUtf8(process.readAllStandardError())};
}

} // namespace

class TestShoalctl : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    FakeBackend m_backend;
    ManualClock m_clock{now};
    std::unique_ptr<ControlServer> m_server;
    QString m_path;

    bool startServer(const QString &adminGroup = {}, int maxClients = 64)
    {
        ControlServerOptions options;
        options.socketPath = m_path;
        options.adminGroup = adminGroup;
        options.maxClients = maxClients;
        m_server = std::make_unique<ControlServer>(m_backend, options, m_clock);
        return m_server->listen();
    }

    InProcessRun run(const QStringList &arguments, std::optional<QString> secret = {})
    {
        InProcessRun result;
        const auto parsed = CommandLine::parse(QStringList{u"shoalctl"_s} + arguments, m_path);
        if (parsed.kind != CommandLine::Result::Kind::Run) {
            result.err = parsed.message;
            result.code = 2;
            return result;
        }
        QTextStream out(&result.out);
        QTextStream err(&result.err);
        CommandRunner runner(out, err, [&](const QString &) { return secret; });
        result.code = runner.run(parsed.command);
        return result;
    }

private slots:
    void initTestCase()
    {
        qputenv("TZ", "UTC");
        tzset();
    }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_path = m_dir->filePath(u"control"_s);
        m_backend = FakeBackend();
        m_clock.setMs(now);
    }

    void cleanup() { m_server.reset(); }

    void humanText()
    {
        QCOMPARE(HumanText::duration(0), u"0 seconds"_s);
        QCOMPARE(HumanText::duration(1'500), u"1 second"_s);
        QCOMPARE(HumanText::duration(125'000), u"2 minutes 5 seconds"_s);
        QCOMPARE(HumanText::duration(7'200'000), u"2 hours"_s);
        QCOMPARE(HumanText::duration(7'260'000), u"2 hours 1 minute"_s);
        QCOMPARE(HumanText::duration(90'061'000), u"1 day 1 hour"_s);
        QCOMPARE(HumanText::duration(-5), u"0 seconds"_s);
        QCOMPARE(HumanText::bytes(512), u"512 B"_s);
        QCOMPARE(HumanText::bytes(1536), u"1.5 KiB"_s);
        QCOMPARE(HumanText::bytes(64ULL * 1024 * 1024), u"64.0 MiB"_s);
        QCOMPARE(HumanText::percent(1, 3), u"33.3%"_s);
        QCOMPARE(HumanText::percent(1, 0), u"-"_s);
        QCOMPARE(HumanText::time(now), u"2023-11-14 22:13:20"_s);
        QCOMPARE(HumanText::ago(now, 0), u"never"_s);
    }

    void statusText()
    {
        Control::Status status = m_backend.status();
        status.nowMs = now;
        status.groupCount = 2;
        status.peerCount = 2;
        QCOMPARE(ResultFormatter::status(status),
                 u"shoald 0.1.0, up 1 hour (since 2023-11-14 21:13:20)\n"
                 "State:      healthy: the upstream DNS servers answer\n"
                 "Listening:  127.0.0.1:53, [::1]:53\n"
                 "Upstreams:\n"
                 "  ADDRESS       PORT  STATE  SRTT   FAILURES\n"
                 "  192.0.2.53    53    up     12 ms  0\n"
                 "  2001:db8::53  53    down   -      7\n"
                 "Cache:      2 entries, 512 B of 64.0 MiB\n"
                 "Queries:    1000 answered: 75.0% from the cache (hit ratio), 2.0% stale, 3.0% "
                 "from peers, 20.0% forwarded, 0.5% failed\n"
                 "Groups:     2 joined, 2 peers\n"_s);
        status.outage = true;
        status.outageSinceMs = now - 754'000;
        QVERIFY(ResultFormatter::status(status).contains(
            u"State:      OUTAGE for 12 minutes 34 seconds (since 2023-11-14 22:00:46)"_s));
    }

    void tablesText()
    {
        QCOMPARE(ResultFormatter::peers(m_backend.peers(), now),
                 u"GROUP  NODE  HOST   ADDRESS         UPSTREAM  CACHE  LAST SEEN\n"
                 "lab    n1    alpha  192.0.2.7:5353  up        120    5 seconds ago\n"
                 "lab    n2    beta   192.0.2.8:5353  down      40     1 minute 5 seconds ago\n"
                 "ops    n1    alpha  192.0.2.7:5354  up        120    5 seconds ago\n"_s);
        QCOMPARE(ResultFormatter::groups(m_backend.groups()),
                 u"NAME  ADDRESS       PORT  KEY    MEMBERS  SHARING\n"
                 "lab   239.255.10.1  5353  keyed  2        on\n"
                 "ops   239.255.10.2  5354  open   1        off\n"_s);
        QCOMPARE(ResultFormatter::groups({}), u"No groups joined.\n"_s);
        QCOMPARE(ResultFormatter::peers({}, now), u"No peers heard.\n"_s);
        QCOMPARE(ResultFormatter::counters({{u"b.x"_s, 2, u"second"_s}, {u"a.x"_s, 1, u"first"_s}}),
                 u"COUNTER  VALUE  DESCRIPTION\n"
                 "a.x      1      first\n"
                 "b.x      2      second\n"_s);
    }

    void cacheText()
    {
        Control::CachePage page;
        page.total = 5;
        page.offset = 1;
        Control::CacheEntry chain;
        chain.name = u"www.example.test."_s;
        chain.type = u"A"_s;
        chain.ttlLeft = 60;
        chain.source = u"upstream"_s;
        chain.hits = 4;
        chain.records = {{u"www.example.test."_s, u"CNAME"_s, 60, u"web.example.test."_s},
                         {u"web.example.test."_s, u"A"_s, 60, u"192.0.2.80"_s}};
        Control::CacheEntry missing;
        missing.name = u"nope.example.test."_s;
        missing.type = u"AAAA"_s;
        missing.negative = u"nxdomain"_s;
        missing.stale = true;
        missing.source = u"peer"_s;
        missing.peer = u"n2"_s;
        page.entries = {chain, missing};
        QCOMPARE(ResultFormatter::cache(page),
                 u"NAME                TYPE  TTL  STATE  HITS  SOURCE    DATA\n"
                 "www.example.test.   A     60   fresh  4     upstream  web.example.test.\n"
                 "                                                      web.example.test. A "
                 "192.0.2.80\n"
                 "nope.example.test.  AAAA  0    stale  0     peer n2   NXDOMAIN (no such name)\n"
                 "(entries 2-3 of 5)\n"_s);
        QCOMPARE(ResultFormatter::cache({}), u"No matching cache entries.\n"_s);
    }

    void eventsText()
    {
        const Control::Event event{3,
                                   now,
                                   Control::EventKind::OutageBegan,
                                   {},
                                   u"All upstream servers stopped answering."_s,
                                   {}};
        QCOMPARE(
            ResultFormatter::eventLine(event),
            u"2023-11-14 22:13:20  outage.began   All upstream servers stopped answering.\n"_s);
        QCOMPARE(ResultFormatter::events({}), u"No events.\n"_s);
    }

    void commandLine()
    {
        auto parse = [](const QStringList &arguments) {
            return CommandLine::parse(QStringList{u"shoalctl"_s} + arguments, u"/run/x"_s);
        };
        auto ok = parse({u"cache"_s, u"example"_s, u"--type"_s, u"AAAA"_s, u"--limit"_s, u"5"_s,
                         u"--offset"_s, u"10"_s, u"--sort"_s, u"ttl"_s, u"--reverse"_s,
                         u"--json"_s});
        QCOMPARE(ok.kind, CommandLine::Result::Kind::Run);
        QCOMPARE(ok.command.verb, CtlCommand::Verb::Cache);
        QCOMPARE(ok.command.name, u"example"_s);
        QCOMPARE(ok.command.limit, 5);
        QCOMPARE(ok.command.offset, 10);
        QVERIFY(ok.command.descending && ok.command.json);
        QCOMPARE(ok.command.socketPath, u"/run/x"_s);
        const auto join =
            parse({u"join"_s, u"lab"_s, u"--key-file"_s, u"lab.key"_s, u"--socket"_s, u"/tmp/s"_s});
        QCOMPARE(join.command.keyFile, QDir::current().absoluteFilePath(u"lab.key"_s));
        QCOMPARE(join.command.socketPath, u"/tmp/s"_s);
        QVERIFY(!join.command.passphraseNeeded);
        QVERIFY(parse({u"join"_s, u"lab"_s}).command.passphraseNeeded);
        QCOMPARE(parse({u"--help"_s}).kind, CommandLine::Result::Kind::Help);
        QVERIFY(parse({u"--help"_s}).message.contains(u"4  permission denied"_s));

        for (const QStringList &wrong :
             {QStringList{}, QStringList{u"reboot"_s}, QStringList{u"leave"_s},
              QStringList{u"leave"_s, u"a"_s, u"b"_s}, QStringList{u"status"_s, u"--open"_s},
              QStringList{u"flush"_s, u"--subtree"_s},
              QStringList{u"cache"_s, u"--limit"_s, u"0"_s},
              QStringList{u"cache"_s, u"--limit"_s, u"many"_s},
              QStringList{u"cache"_s, u"--offset"_s, u"-1"_s},
              QStringList{u"events"_s, u"--offset"_s, u"5"_s},
              QStringList{u"join"_s, u"lab"_s, u"--open"_s, u"--secret"_s, u"c2VjcmV0"_s},
              QStringList{u"join"_s, u"lab"_s, u"--open"_s, u"--port"_s, u"70000"_s},
              QStringList{u"status"_s, u"--bogus"_s}}) {
            const auto result = parse(wrong);
            QVERIFY2(result.kind == CommandLine::Result::Kind::Error, qPrintable(wrong.join(u' ')));
            QVERIFY(!result.message.isEmpty());
        }
    }

    void readCommandsAgainstServer()
    {
        QVERIFY(startServer());
        const InProcessRun status = run({u"status"_s});
        QCOMPARE(status.code, 0);
        QVERIFY2(status.out.contains(u"75.0% from the cache (hit ratio)"_s),
                 qPrintable(status.out));
        QVERIFY(status.out.contains(u"Groups:     2 joined, 2 peers"_s));

        const InProcessRun json = run({u"status"_s, u"--json"_s});
        const QJsonObject object = QJsonDocument::fromJson(json.out.toUtf8()).object();
        QCOMPARE(object["version"_L1].toString(), u"0.1.0"_s);
        QCOMPARE(object["totals"_L1]["queries"_L1].toInteger(), 1000);

        const InProcessRun counters = run({u"counters"_s});
        QVERIFY(counters.out.contains(u"control.connections"_s));
        QVERIFY(counters.out.contains(u"dns.queries"_s));
        QVERIFY(run({u"peers"_s}).out.contains(u"192.0.2.8:5353"_s));
        QVERIFY(run({u"groups"_s}).out.contains(u"239.255.10.2"_s));
        const InProcessRun cache = run({u"cache"_s, u"mail"_s});
        QVERIFY(cache.out.contains(u"10 mx.example.test."_s));
        QVERIFY(cache.out.contains(u"peer n1"_s));
        QVERIFY(!cache.out.contains(u"www"_s));
        const InProcessRun second = run({u"cache"_s, u"--limit"_s, u"1"_s, u"--offset"_s, u"1"_s});
        QCOMPARE(second.code, 0);
        QVERIFY2(second.out.contains(u"(entries 2-2 of "_s), qPrintable(second.out));
        const InProcessRun badType = run({u"cache"_s, u"--type"_s, u"NOPE"_s});
        QCOMPARE(badType.code, 2);
        QVERIFY(badType.err.contains(u"record type"_s));
    }

    void changeCommandsAgainstServer()
    {
        QVERIFY(startServer());
        QCOMPARE(run({u"join"_s, u"lab"_s, u"--open"_s}).code, 0);
        const InProcessRun prompted = run({u"join"_s, u"ops"_s}, u"a long passphrase"_s);
        QCOMPARE(prompted.code, 0);
        QCOMPARE(prompted.out, u"Joined group ops.\n"_s);
        QCOMPARE(m_backend.m_joins.size(), 2);
        QVERIFY(m_backend.m_joins[0].open);
        QCOMPARE(m_backend.m_joins[1].passphrase, u"a long passphrase"_s);
        QCOMPARE(run({u"join"_s, u"x"_s}, std::nullopt).code, 2); // no passphrase typed

        m_backend.m_leaveError = u"not a member of zz"_s;
        const InProcessRun leave = run({u"leave"_s, u"zz"_s});
        QCOMPARE(leave.code, 1);
        QVERIFY(leave.err.contains(u"not a member of zz"_s));

        m_backend.m_flushRemoves = 3;
        const InProcessRun flush = run({u"flush"_s, u"example.test"_s, u"--subtree"_s});
        QCOMPARE(flush.out, u"Removed 3 cache entries.\n"_s);
        QVERIFY(m_backend.m_flushes[0].subtree);

        const InProcessRun events = run({u"events"_s, u"--limit"_s, u"2"_s});
        QCOMPARE(events.out.count(u'\n'), 2);
        QVERIFY(events.out.contains(u"group.joined"_s) && events.out.contains(u"cache.flushed"_s));
        QVERIFY(!events.out.contains(u"Joined group lab"_s)); // the oldest of three is cut
    }

    void refusedConnectionIsExplained()
    {
        const InProcessRun missing = run({u"status"_s});
        QCOMPARE(missing.code, 3);
        QCOMPARE(missing.err,
                 u"shoalctl: shoald is not running (no control socket at %1)\n"_s.arg(m_path));
        QVERIFY(startServer({}, 0));
        const InProcessRun full = run({u"status"_s});
        QCOMPARE(full.code, 1);
        QVERIFY(full.err.contains(u"already serves 0 control clients"_s));
    }

    void brokenDaemonIsRefused_data()
    {
        QTest::addColumn<QByteArray>("answer");
        QTest::addColumn<QString>("message");
        QTest::newRow("garbage") << QByteArray("garbage\n") << u"not a JSON object"_s;
        QTest::newRow("other version")
            << QByteArray("{\"hello\": {\"protocol\": 7}}\n") << u"control protocol 7"_s;
        QTest::newRow("endless line") << QByteArray(1024 * 1024, '{') << u"closed"_s;
    }

    // Something that is not shoald listens on the socket: shoalctl must say so and stop.
    void brokenDaemonIsRefused()
    {
        QFETCH(QByteArray, answer);
        QFETCH(QString, message);
        QLocalServer impostor;
        QVERIFY(impostor.listen(m_path));
        connect(&impostor, &QLocalServer::newConnection, &impostor, [&] {
            QLocalSocket *socket = impostor.nextPendingConnection();
            socket->write(answer);
            if (!answer.endsWith('\n'))
                socket->disconnectFromServer();
        });
        const InProcessRun result = run({u"status"_s});
        QCOMPARE(result.code, 1);
        QVERIFY2(result.err.contains(message), qPrintable(result.err));
    }

    void passphraseFromStdin()
    {
        QVERIFY(startServer());
        const ChildRun child =
            runChild({u"--socket"_s, m_path, u"join"_s, u"lab"_s}, "piped secret words\n");
        QCOMPARE(child.code, 0);
        QCOMPARE(m_backend.m_joins.size(), 1);
        QCOMPARE(m_backend.m_joins[0].passphrase, u"piped secret words"_s);
        const ChildRun empty = runChild({u"--socket"_s, m_path, u"join"_s, u"lab"_s}, "");
        QCOMPARE(empty.code, 2);
        QVERIFY(empty.err.contains(u"no passphrase given"_s));
    }

    void watchFollowsEventsUntilInterrupted()
    {
        QVERIFY(startServer());
        QProcess process;
        process.start(shoalctlPath(), {u"--socket"_s, m_path, u"watch"_s});
        QVERIFY(process.waitForStarted());
        QVERIFY(RawClient::waitFor(
            [&] { return process.readAllStandardError().contains("Ctrl-C stops"); }));
        m_server->publishEvent(Control::EventKind::OutageBegan, {}, u"Upstreams silent."_s);
        m_server->publishEvent(Control::EventKind::PeerCame, u"n9"_s, u"Peer n9 joined lab."_s);
        QByteArray output;
        QVERIFY(RawClient::waitFor([&] {
            output += process.readAllStandardOutput();
            return output.count('\n') == 2;
        }));
        QVERIFY(output.contains("outage.began   Upstreams silent."));
        QVERIFY(output.contains("peer.came      Peer n9 joined lab."));
        ::kill(pid_t(process.processId()), SIGINT);
        QVERIFY(RawClient::waitFor([&] { return process.state() == QProcess::NotRunning; }));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 0);
    }

    void watchEndsWhenTheDaemonGoes()
    {
        QVERIFY(startServer());
        QProcess process;
        process.start(shoalctlPath(), {u"--socket"_s, m_path, u"watch"_s, u"--json"_s});
        QVERIFY(process.waitForStarted());
        // Subscribed once its subscribe request is answered.
        QVERIFY(RawClient::waitFor(
            [&] { return m_server->counters().value(u"control.requests"_s) == 1; }));
        m_server->publishEvent(Control::EventKind::GroupLeft, u"lab"_s, u"Left lab."_s);
        QByteArray output;
        QVERIFY(RawClient::waitFor([&] {
            output += process.readAllStandardOutput();
            return output.contains('\n');
        }));
        QCOMPARE(QJsonDocument::fromJson(output).object()["kind"_L1].toString(), u"group.left"_s);
        m_server.reset();
        QVERIFY(RawClient::waitFor([&] { return process.state() == QProcess::NotRunning; }));
        QCOMPARE(process.exitCode(), 1);
        QVERIFY(process.readAllStandardError().contains("connection to shoald lost"));
    }

    void otherUserMayReadButNotChange()
    {
        if (geteuid() != 0 || QStandardPaths::findExecutable(u"setpriv"_s).isEmpty())
            QSKIP("needs root and setpriv to run a client as nobody");
        QVERIFY(QFile::setPermissions(m_dir->path(), QFile::ReadOwner | QFile::WriteOwner |
                                                         QFile::ExeOwner | QFile::ReadGroup |
                                                         QFile::ExeGroup | QFile::ReadOther |
                                                         QFile::ExeOther));
        QVERIFY(startServer());
        const QStringList asNobody{u"setpriv"_s, u"--reuid=nobody"_s, u"--regid=nogroup"_s,
                                   u"--clear-groups"_s};
        const ChildRun status = runChild({u"--socket"_s, m_path, u"status"_s}, {}, asNobody);
        QCOMPARE(status.code, 0);
        QVERIFY2(status.out.contains(u"hit ratio"_s), qPrintable(status.err));
        const ChildRun flush = runChild({u"--socket"_s, m_path, u"flush"_s}, {}, asNobody);
        QCOMPARE(flush.code, 4);
        QVERIFY2(flush.err.contains(u"uid 65534 is neither root"_s), qPrintable(flush.err));
        const ChildRun join =
            runChild({u"--socket"_s, m_path, u"join"_s, u"lab"_s, u"--open"_s}, {}, asNobody);
        QCOMPARE(join.code, 4);
        QVERIFY(m_backend.m_flushes.isEmpty() && m_backend.m_joins.isEmpty());
        QCOMPARE(m_server->counters().value(u"control.dropped.permission-denied"_s), 2u);

        // The admin group lets nobody (whose group is nogroup) change things.
        m_server.reset();
        QVERIFY(startServer(u"nogroup"_s));
        const ChildRun admin = runChild({u"--socket"_s, m_path, u"flush"_s}, {}, asNobody);
        QCOMPARE(admin.code, 0);
        QCOMPARE(m_backend.m_flushes.size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestShoalctl)
#include "TestShoalctl.moc"
