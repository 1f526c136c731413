#include "service/config/ConfigLoader.h"
#include "service/config/ConfigOptions.h"
#include "service/peer/GroupAddress.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Shoal;
using namespace Qt::StringLiterals;
using Outcome = ConfigLoader::Outcome;

namespace {

struct Result
{
    Outcome outcome = Outcome::Error;
    DaemonConfig config;
    QString error;
};

Result run(QStringList arguments)
{
    arguments.prepend(QStringLiteral("shoald"));
    Result result;
    result.outcome = ConfigLoader::parse(arguments, result.config, result.error);
    return result;
}

// Runs and insists on success, so a test reads the config it wants to check.
DaemonConfig runOk(const QStringList &arguments)
{
    const Result result = run(arguments);
    if (result.outcome != Outcome::Run)
        qWarning("unexpected failure: %s", qPrintable(result.error));
    return result.config;
}

QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &content)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

Endpoint endpoint(const char *address, quint16 port)
{
    return {QHostAddress(QLatin1StringView(address)), port};
}

QStringList endpointTexts(const QList<Endpoint> &endpoints)
{
    QStringList texts;
    for (const Endpoint &e : endpoints)
        texts.append(e.toString());
    return texts;
}

QStringList split(const char *text)
{
    return QString::fromLatin1(text).split(u' ');
}

} // namespace

class TestConfigLoader : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
    }

    void defaults()
    {
        const DaemonConfig config;
        QCOMPARE(config.listen, (QList<Endpoint>{endpoint("127.0.0.1", 53), endpoint("::1", 53)}));
        QVERIFY(config.allow.isEmpty());
        QVERIFY(config.upstreams.isEmpty());
        QCOMPARE(config.resolvConfPath, QStringLiteral("/etc/resolv.conf"));
        QCOMPARE(config.stateDir, defaultStateDir());
        QCOMPARE(config.cacheSizeBytes, 32 * 1024 * 1024);
        QCOMPARE(config.staleLimitSeconds, 86400);
        QCOMPARE(config.maxTtlSeconds, 86400);
        QCOMPARE(config.maxNegativeTtlSeconds, 3600);
        QCOMPARE(config.clientBudgetMs, 400);
        QCOMPARE(config.upstreamTimeoutMs, 3000);
        QCOMPARE(config.recheckIntervalMs, 30000);
        QCOMPARE(config.cacheFlushIntervalMs, 2000);
        QCOMPARE(config.maxTcpClients, 256);
        QCOMPARE(config.tcpIdleTimeoutMs, 10000);
        QVERIFY(!config.verbose);
        QVERIFY(config.groups.isEmpty());
        QVERIFY(config.peerInterface.isEmpty());
        QCOMPARE(config.peerPort, GroupAddress::defaultPort);
        QVERIFY(config.privateDomains.isEmpty());
        QCOMPARE(config.controlSocket, defaultControlSocketPath());
        QCOMPARE(config.adminGroup, QStringLiteral("shoal"));
    }

    void noArgumentsGiveDefaults()
    {
        const Result result = run({});
        QCOMPARE(result.outcome, Outcome::Run);
        QCOMPARE(ConfigLoader::describe(result.config), ConfigLoader::describe(DaemonConfig()));
    }

    void defaultPathsDependOnUser()
    {
        QProcessEnvironment env;
        env.insert(QStringLiteral("HOME"), QStringLiteral("/home/ann"));
        QCOMPARE(stateDirFor(true, env), QStringLiteral("/var/lib/shoal"));
        QCOMPARE(stateDirFor(false, env), QStringLiteral("/home/ann/.local/state/shoal"));
        env.insert(QStringLiteral("XDG_STATE_HOME"), QStringLiteral("relative/state"));
        QCOMPARE(stateDirFor(false, env), QStringLiteral("/home/ann/.local/state/shoal"));
        env.insert(QStringLiteral("XDG_STATE_HOME"), QStringLiteral("/srv/state/"));
        QCOMPARE(stateDirFor(false, env), QStringLiteral("/srv/state/shoal"));
        QCOMPARE(controlSocketPathFor(true, QStringLiteral("/run/user/1000")),
                 QStringLiteral("/run/shoal/control"));
        QCOMPARE(controlSocketPathFor(false, QStringLiteral("/run/user/1000")),
                 QStringLiteral("/run/user/1000/shoal/control"));
    }

    void listenForms()
    {
        const DaemonConfig config =
            runOk(split("--listen 127.0.0.1:5300 --listen [::1]:5301 --listen 192.0.2.1 "
                        "--listen 2001:db8::1,[2001:db8::2],127.0.0.2:5302"));
        QCOMPARE(endpointTexts(config.listen),
                 split("127.0.0.1:5300 [::1]:5301 192.0.2.1:53 [2001:db8::1]:53 [2001:db8::2]:53 "
                       "127.0.0.2:5302"));
        const QList<Endpoint> one{endpoint("127.0.0.1", 5300)};
        QCOMPARE(runOk(split("--listen=127.0.0.1:5300")).listen, one);
    }

    void allowForms()
    {
        const DaemonConfig config = runOk(
            split("--allow 192.0.2.0/24 --allow 2001:db8::/32,198.51.100.7 --allow 10.1.2.3/8"));
        const QList<Subnet> expected{{QHostAddress(QStringLiteral("192.0.2.0")), 24},
                                     {QHostAddress(QStringLiteral("2001:db8::")), 32},
                                     {QHostAddress(QStringLiteral("198.51.100.7")), 32},
                                     {QHostAddress(QStringLiteral("10.0.0.0")), 8}};
        QCOMPARE(config.allow, expected);
    }

    void upstreamForms()
    {
        const DaemonConfig config =
            runOk(split("--upstream 127.0.0.2 --upstream [::1]:5300 --upstream 192.0.2.53:5353"));
        QCOMPARE(endpointTexts(config.upstreams),
                 (split("127.0.0.2:53 [::1]:5300 192.0.2.53:5353")));
    }

    void scalarOptions()
    {
        const DaemonConfig config =
            runOk(split("--state-dir /srv/shoal/ --cache-size 64M --stale-limit 3d --max-ttl 2h "
                        "--max-negative-ttl 600 --client-budget 250 --upstream-timeout 2s "
                        "--recheck-interval 1m --cache-flush-interval 500ms --max-tcp-clients 32 "
                        "--tcp-idle-timeout 15s --verbose --peer-interface eth0 --peer-port 15353 "
                        "--control /run/shoal-test/ctl --admin-group wheel "
                        "--resolv-conf /etc/resolv.conf.upstream"));
        QCOMPARE(config.stateDir, QStringLiteral("/srv/shoal"));
        QCOMPARE(config.cacheSizeBytes, 64 << 20);
        QCOMPARE(config.staleLimitSeconds, 3 * 86400);
        QCOMPARE(config.maxTtlSeconds, 7200);
        QCOMPARE(config.maxNegativeTtlSeconds, 600);
        QCOMPARE(config.clientBudgetMs, 250);
        QCOMPARE(config.upstreamTimeoutMs, 2000);
        QCOMPARE(config.recheckIntervalMs, 60000);
        QCOMPARE(config.cacheFlushIntervalMs, 500);
        QCOMPARE(config.maxTcpClients, 32);
        QCOMPARE(config.tcpIdleTimeoutMs, 15000);
        QVERIFY(config.verbose);
        QCOMPARE(config.peerInterface, QStringLiteral("eth0"));
        QCOMPARE(config.peerPort, 15353);
        QCOMPARE(config.controlSocket, QStringLiteral("/run/shoal-test/ctl"));
        QCOMPARE(config.adminGroup, QStringLiteral("wheel"));
        QCOMPARE(config.resolvConfPath, QStringLiteral("/etc/resolv.conf.upstream"));
    }

    void sizeAndDurationForms()
    {
        QCOMPARE(runOk(split("--cache-size 512K")).cacheSizeBytes, 512 * 1024);
        QCOMPARE(runOk(split("--cache-size 1G")).cacheSizeBytes, 1 << 30);
        QCOMPARE(runOk(split("--cache-size 1048576")).cacheSizeBytes, 1 << 20);
        QCOMPARE(runOk(split("--stale-limit 3600")).staleLimitSeconds, 3600);
        QCOMPARE(runOk(split("--stale-limit 90m")).staleLimitSeconds, 5400);
        QCOMPARE(runOk(split("--stale-limit 45s")).staleLimitSeconds, 45);
        QCOMPARE(runOk(split("--stale-limit 7d")).staleLimitSeconds, 604800);
        QCOMPARE(runOk(split("--stale-limit 604800")).staleLimitSeconds, 604800);
        QCOMPARE(runOk(split("--stale-limit 0")).staleLimitSeconds, 0);
        QCOMPARE(runOk(split("--client-budget 0")).clientBudgetMs, 0);
        QCOMPARE(runOk(split("--client-budget 1800ms")).clientBudgetMs, 1800);
        QCOMPARE(runOk(split("--max-ttl 2000ms")).maxTtlSeconds, 2);
    }

    void upstreamBesideListenIsFine()
    {
        // Same port, other address: another server on this host, not the daemon itself.
        const Result result = run(split("--listen [::1]:5300 --upstream 127.0.0.1:5300 "
                                        "--listen 127.0.0.2:5300 --upstream 127.0.0.3:5300"));
        QCOMPARE(result.outcome, Outcome::Run);
        QCOMPARE(run(split("--listen 127.0.0.1:5300 --upstream 127.0.0.1:5301")).outcome,
                 Outcome::Run);
    }

    void relativePathsFromWorkingDirectory()
    {
        const QString saved = QDir::currentPath();
        QVERIFY(QDir::setCurrent(m_dir.path()));
        const DaemonConfig config =
            runOk(split("--state-dir state --control run/ctl --group lab=keys/lab.key"));
        QVERIFY(QDir::setCurrent(saved));
        const QString base = QDir(m_dir.path()).canonicalPath();
        QCOMPARE(config.stateDir, base + u"/state");
        QCOMPARE(config.controlSocket, base + u"/run/ctl");
        QCOMPARE(config.groups.front().keyFile, base + u"/keys/lab.key");
    }

    void adminGroupMayBeEmpty() { QCOMPARE(runOk(split("--admin-group=")).adminGroup, QString()); }

    void privateDomainsAreCanonical()
    {
        const DaemonConfig config = runOk(
            split("--private-domain Corp.Example.TEST --private-domain lab.test.,_srv.lab.test "
                  "--private-domain corp.example.test"));
        QCOMPARE(config.privateDomains, (split("corp.example.test. lab.test. _srv.lab.test.")));
    }

    void groupsFromCommandLine()
    {
        const DaemonConfig config =
            runOk(split("--group Lab --group ops=/etc/shoal/ops.key --open-group cafe "
                        "--state-dir /srv/shoal"));
        QCOMPARE(config.groups.size(), 3);
        const GroupConfig &lab = config.groups.at(0);
        QCOMPARE(lab.name, QStringLiteral("lab"));
        QVERIFY(!lab.open);
        QCOMPARE(lab.keyFile, QStringLiteral("/srv/shoal/groups/lab.key"));
        QVERIFY(lab.address.isNull());
        QCOMPARE(lab.port, 0);
        QVERIFY(lab.share);
        QCOMPARE(config.groups.at(1).keyFile, QStringLiteral("/etc/shoal/ops.key"));
        const GroupConfig &cafe = config.groups.at(2);
        QCOMPARE(cafe.name, QStringLiteral("cafe"));
        QVERIFY(cafe.open);
        QVERIFY(cafe.keyFile.isEmpty());
    }

    void fileSetsEveryKey()
    {
        const QString path = writeFile(m_dir, QStringLiteral("every.conf"),
                                       "# comment\r\n"
                                       "; another comment\n"
                                       "\n"
                                       "listen = 127.0.0.1:5300, [::1]:5300\n"
                                       "allow = 192.0.2.0/24\n"
                                       "allow = 2001:db8::/32\n"
                                       "upstream = 127.0.0.2, [::1]:5400\n"
                                       "resolv-conf = resolv.test\n"
                                       "state-dir = state\n"
                                       "cache-size = 64M\n"
                                       "stale-limit = 2d\n"
                                       "max-ttl = 3600\n"
                                       "max-negative-ttl = 5m\n"
                                       "client-budget = 300\n"
                                       "upstream-timeout = 1500ms\n"
                                       "recheck-interval = 10s\n"
                                       "cache-flush-interval = 1s\n"
                                       "max-tcp-clients = 64\n"
                                       "tcp-idle-timeout = 20s\n"
                                       "verbose = yes\n"
                                       "group = ops=keys/ops.key\n"
                                       "open-group = cafe\n"
                                       "peer-interface = br0\n"
                                       "peer-port = 5399\n"
                                       "private-domain = corp.test, home.arpa\n"
                                       "control = /tmp/shoal-config-test/control\n"
                                       "admin-group = netadm\n"
                                       "  [group lab]  \n"
                                       "key-file = /etc/shoal/lab.key\n"
                                       "address = 239.255.10.1\n"
                                       "port = 6000\n"
                                       "share = off\n"
                                       "[group  guests ]\n"
                                       "open = true\n"
                                       "address = ff15::53\n");
        const DaemonConfig config = runOk({u"--config"_s, path});
        const QString dir = m_dir.path();
        QCOMPARE(endpointTexts(config.listen), (split("127.0.0.1:5300 [::1]:5300")));
        QCOMPARE(config.allow.size(), 2);
        QCOMPARE(endpointTexts(config.upstreams), (split("127.0.0.2:53 [::1]:5400")));
        QCOMPARE(config.resolvConfPath, dir + u"/resolv.test");
        QCOMPARE(config.stateDir, dir + u"/state");
        QCOMPARE(config.cacheSizeBytes, 64 << 20);
        QCOMPARE(config.staleLimitSeconds, 2 * 86400);
        QCOMPARE(config.maxTtlSeconds, 3600);
        QCOMPARE(config.maxNegativeTtlSeconds, 300);
        QCOMPARE(config.clientBudgetMs, 300);
        QCOMPARE(config.upstreamTimeoutMs, 1500);
        QCOMPARE(config.recheckIntervalMs, 10000);
        QCOMPARE(config.cacheFlushIntervalMs, 1000);
        QCOMPARE(config.maxTcpClients, 64);
        QCOMPARE(config.tcpIdleTimeoutMs, 20000);
        QVERIFY(config.verbose);
        QCOMPARE(config.peerInterface, QStringLiteral("br0"));
        QCOMPARE(config.peerPort, 5399);
        QCOMPARE(config.privateDomains, (split("corp.test. home.arpa.")));
        QCOMPARE(config.controlSocket, QStringLiteral("/tmp/shoal-config-test/control"));
        QCOMPARE(config.adminGroup, QStringLiteral("netadm"));

        QCOMPARE(config.groups.size(), 4);
        QCOMPARE(config.groups.at(0).name, QStringLiteral("ops"));
        QCOMPARE(config.groups.at(0).keyFile, dir + u"/keys/ops.key");
        QCOMPARE(config.groups.at(1).name, QStringLiteral("cafe"));
        QVERIFY(config.groups.at(1).open);
        const GroupConfig &lab = config.groups.at(2);
        QCOMPARE(lab.name, QStringLiteral("lab"));
        QCOMPARE(lab.keyFile, QStringLiteral("/etc/shoal/lab.key"));
        QCOMPARE(lab.address, QHostAddress(QStringLiteral("239.255.10.1")));
        QCOMPARE(lab.port, 6000);
        QVERIFY(!lab.share);
        QVERIFY(!lab.open);
        const GroupConfig &guests = config.groups.at(3);
        QCOMPARE(guests.name, QStringLiteral("guests"));
        QVERIFY(guests.open);
        QVERIFY(guests.keyFile.isEmpty());
        QCOMPARE(guests.address, QHostAddress(QStringLiteral("ff15::53")));
        QCOMPARE(guests.port, 0);
        QVERIFY(guests.share);
    }

    void commandLineOverridesFile()
    {
        const QString path = writeFile(m_dir, QStringLiteral("override.conf"),
                                       "listen = 127.0.0.1:5300, [::1]:5300\n"
                                       "cache-size = 64M\n"
                                       "verbose = false\n"
                                       "state-dir = /srv/from-file\n");
        const DaemonConfig config =
            runOk({u"--cache-size"_s, u"128M"_s, u"--config"_s, path, u"--verbose"_s});
        QCOMPARE(config.cacheSizeBytes, 128 << 20);
        QVERIFY(config.verbose);
        QCOMPARE(config.stateDir, QStringLiteral("/srv/from-file"));
        QCOMPARE(endpointTexts(config.listen), (split("127.0.0.1:5300 [::1]:5300")));
    }

    void commandLineListsReplaceFileLists()
    {
        const QString path = writeFile(m_dir, QStringLiteral("lists.conf"),
                                       "listen = 127.0.0.1:5300, [::1]:5300\n"
                                       "upstream = 127.0.0.2\n"
                                       "allow = 192.0.2.0/24\n"
                                       "private-domain = corp.test\n");
        const DaemonConfig config = runOk({u"--config"_s, path, u"--listen"_s, u"127.0.0.3:5300"_s,
                                           u"--upstream"_s, u"127.0.0.4"_s, u"--upstream"_s,
                                           u"127.0.0.5"_s, u"--private-domain"_s, u"lab.test"_s});
        QCOMPARE(endpointTexts(config.listen), (split("127.0.0.3:5300")));
        QCOMPARE(endpointTexts(config.upstreams), (split("127.0.0.4:53 127.0.0.5:53")));
        QCOMPARE(config.allow.size(), 1); // not given on the command line: the file's stays
        QCOMPARE(config.privateDomains, (split("lab.test.")));
    }

    void commandLineGroupsReplaceFileGroups()
    {
        const QString path = writeFile(m_dir, QStringLiteral("groups.conf"),
                                       "group = ops\n"
                                       "[group lab]\n"
                                       "port = 6000\n");
        const DaemonConfig fromFile = runOk({u"--config"_s, path});
        QCOMPARE(fromFile.groups.size(), 2);
        const DaemonConfig config = runOk({u"--config"_s, path, u"--open-group"_s, u"cafe"_s});
        QCOMPARE(config.groups.size(), 1);
        QCOMPARE(config.groups.front().name, QStringLiteral("cafe"));
    }

    void emptyFileListMeansNone()
    {
        const QString path = writeFile(m_dir, QStringLiteral("empty-list.conf"),
                                       "upstream =\n"
                                       "listen = 127.0.0.1:5300\n");
        const Result result = run({u"--upstream"_s, u"127.0.0.2"_s, u"--config"_s, path});
        QCOMPARE(result.config.upstreams.size(), 1);
        const DaemonConfig config = runOk({u"--config"_s, path});
        QVERIFY(config.upstreams.isEmpty());
    }

    void errors_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("expected");

        auto row = [](const char *name, const char *arguments, const char *expected) {
            QTest::newRow(name) << split(arguments) << QString::fromUtf8(expected);
        };
        row("bad listen address", "--listen localhost:5300",
            "--listen: bad value \"localhost:5300\": not a numeric IPv4 or IPv6 address");
        row("bad upstream address", "--upstream 127.1",
            "--upstream: bad value \"127.1\": not a numeric IPv4 or IPv6 address");
        row("port out of range", "--listen 127.0.0.1:65536",
            "--listen: bad value \"127.0.0.1:65536\": port out of range 1-65535");
        row("port zero", "--upstream [::1]:0",
            "--upstream: bad value \"[::1]:0\": port out of range 1-65535");
        row("peer port", "--peer-port 70000",
            "--peer-port: bad value \"70000\": port out of range 1-65535");
        row("multicast listen", "--listen 239.255.0.1",
            "--listen: bad value \"239.255.0.1\": a multicast address cannot answer queries");
        row("unspecified upstream", "--upstream 0.0.0.0",
            "--upstream: bad value \"0.0.0.0\": the unspecified address is not a server");
        row("multicast upstream", "--upstream ff02::1",
            "--upstream: bad value \"ff02::1\": not a unicast address");
        row("cidr prefix v4", "--allow 192.0.2.0/33",
            "--allow: bad value \"192.0.2.0/33\": prefix longer than 32 bits");
        row("cidr prefix v6", "--allow 2001:db8::/129",
            "--allow: bad value \"2001:db8::/129\": prefix longer than 128 bits");
        row("cidr address", "--allow 192.0.2/24",
            "--allow: bad value \"192.0.2/24\": not a numeric IPv4 or IPv6 address");
        row("size unit", "--cache-size 64X",
            "--cache-size: bad value \"64X\": not a number with a known unit");
        row("size small", "--cache-size 1K",
            "--cache-size: bad value \"1K\": out of range 64K-16G");
        row("size large", "--cache-size 17G",
            "--cache-size: bad value \"17G\": out of range 64K-16G");
        row("stale limit days", "--stale-limit 8d",
            "--stale-limit: bad value \"8d\": above the maximum of 7d");
        row("stale limit seconds", "--stale-limit 604801",
            "--stale-limit: bad value \"604801\": above the maximum of 7d");
        row("duration unit", "--max-ttl 1w",
            "--max-ttl: bad value \"1w\": not a number with a known unit");
        row("duration fraction", "--max-ttl 1500ms",
            "--max-ttl: bad value \"1500ms\": not a whole number of seconds");
        row("duration minimum", "--max-negative-ttl 0",
            "--max-negative-ttl: bad value \"0\": below the minimum of 1s");
        row("client budget", "--client-budget 2s",
            "--client-budget: bad value \"2s\": above the maximum of 1800ms");
        row("tcp clients", "--max-tcp-clients 0",
            "--max-tcp-clients: bad value \"0\": out of range 1-10000");
        row("tcp clients text", "--max-tcp-clients many",
            "--max-tcp-clients: bad value \"many\": not a number");
        row("scalar twice", "--cache-size 1M --cache-size 2M",
            "--cache-size: given more than once");
        row("unknown option", "--lisen 127.0.0.1", "Unknown option 'lisen'.");
        row("missing value", "--listen", "Missing value after '--listen'.");
        row("positional", "127.0.0.1", "unexpected argument \"127.0.0.1\" (options start with --)");
        row("listen is upstream", "--listen 127.0.0.1:5300 --upstream 127.0.0.1:5300",
            "upstream 127.0.0.1:5300 is the listen address 127.0.0.1:5300: shoald would "
            "forward to itself");
        row("default listen is upstream", "--upstream ::1",
            "upstream [::1]:53 is the listen address [::1]:53: shoald would forward to itself");
        row("wildcard listen reaches loopback", "--listen 0.0.0.0:5300 --upstream 127.0.0.1:5300",
            "upstream 127.0.0.1:5300 is the listen address 0.0.0.0:5300: shoald would forward "
            "to itself");
        row("v4-mapped upstream", "--listen 127.0.0.1:5300 --upstream [::ffff:127.0.0.1]:5300",
            "upstream [::ffff:127.0.0.1]:5300 is the listen address 127.0.0.1:5300: shoald would "
            "forward to itself");
        row("duplicate listen", "--listen 127.0.0.1:5300,127.0.0.1:5300",
            "listen: 127.0.0.1:5300 given twice");
        row("bad group name", "--group ../etc",
            "--group: bad value \"../etc\": a group name is 1-63 of a-z 0-9 - (any case), not "
            "starting or ending with '-'");
        row("group name with dot", "--group lab.test",
            "--group: bad value \"lab.test\": a group name is 1-63 of a-z 0-9 - (any case), not "
            "starting or ending with '-'");
        row("empty key file",
            "--group lab=", "--group: bad value \"lab=\": empty key file after '='");
        row("bad open group name", "--open-group -x",
            "--open-group: bad value \"-x\": a group name is 1-63 of a-z 0-9 - (any case), not "
            "starting or ending with '-'");
        row("group twice in other case", "--group lab --group LAB",
            "group \"lab\" is configured twice");
        row("group twice", "--group lab --open-group lab", "group \"lab\" is configured twice");
        row("bad domain", "--private-domain a..b",
            "--private-domain: bad value \"a..b\": not a domain name");
        row("domain with space", "--private-domain a\tb",
            "--private-domain: bad value \"a\tb\": not a domain name");
        row("bad interface", "--peer-interface eth0/1",
            "--peer-interface: bad value \"eth0/1\": not an interface name");
        row("bad admin group", "--admin-group -wheel",
            "--admin-group: bad value \"-wheel\": not a system group name");
        row("empty path", "--state-dir=", "--state-dir: bad value \"\": empty path");
        const QString longPath = u'/' + QString(120, u'c');
        QTest::newRow("long control path")
            << QStringList{u"--control"_s, longPath}
            << QString(u"--control: bad value \"" + longPath + u"\": path longer than 107 bytes");
        QTest::newRow("too many values")
            << QStringList{u"--allow"_s, QStringList(65, u"192.0.2.1"_s).join(u',')}
            << QStringLiteral("allow: more than 64 values");
        QTest::newRow("no listen")
            << split("--listen=")
            << QStringLiteral("listen: no address given; shoald needs at least one");
    }

    void errors()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, expected);
        DaemonConfig config;
        config.cacheSizeBytes = 12345; // must survive a failed load
        QString error;
        QStringList withProgram = arguments;
        withProgram.prepend(QStringLiteral("shoald"));
        QCOMPARE(ConfigLoader::parse(withProgram, config, error), Outcome::Error);
        QCOMPARE(error, expected);
        QCOMPARE(config.cacheSizeBytes, 12345);
    }

    void fileErrors_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("expected"); // FILE stands for the file's path

        QTest::newRow("unknown key") << QByteArray("listen = 127.0.0.1:5300\nlisen = ::1\n")
                                     << "FILE:2: unknown key \"lisen\"";
        QTest::newRow("key case") << QByteArray("Listen = 127.0.0.1:5300\n")
                                  << "FILE:1: unknown key \"Listen\"";
        QTest::newRow("config key")
            << QByteArray("config = other.conf\n") << "FILE:1: unknown key \"config\"";
        QTest::newRow("no equals")
            << QByteArray("\nverbose\n") << "FILE:2: expected \"key = value\", got \"verbose\"";
        QTest::newRow("spaced key") << QByteArray("cache size = 1M\n")
                                    << "FILE:1: expected \"key = value\", got \"cache size = 1M\"";
        QTest::newRow("unknown section")
            << QByteArray("[groups lab]\n")
            << "FILE:1: unknown section \"[groups lab]\" (the only section is [group NAME])";
        QTest::newRow("unclosed section")
            << QByteArray("[group lab\n")
            << "FILE:1: unknown section \"[group lab\" (the only section is [group NAME])";
        QTest::newRow("bad value") << QByteArray("# c\nupstream = 192.0.2.1, 192.0.2.300\n")
                                   << "FILE:2: upstream: bad value \"192.0.2.300\": not a numeric "
                                      "IPv4 or IPv6 address";
        QTest::newRow("scalar twice") << QByteArray("cache-size = 1M\n\ncache-size = 2M\n")
                                      << "FILE:3: cache-size: given twice (first on line 1)";
        QTest::newRow("bad bool") << QByteArray("verbose = maybe\n")
                                  << "FILE:1: verbose: bad value \"maybe\": expected true or false";
        QTest::newRow("stale limit") << QByteArray("stale-limit = 30d\n")
                                     << "FILE:1: stale-limit: bad value \"30d\": above the "
                                        "maximum of 7d";
        QTest::newRow("section unknown key") << QByteArray("[group lab]\nkeyfile = x\n")
                                             << "FILE:2: unknown key \"keyfile\" in [group lab]";
        QTest::newRow("section key twice") << QByteArray("[group lab]\nport = 1\nport = 2\n")
                                           << "FILE:3: port: given twice in [group lab]";
        QTest::newRow("section bad name")
            << QByteArray("[group .hidden]\n")
            << "FILE:1: bad group name \".hidden\": a group name is 1-63 of a-z 0-9 - (any case), "
               "not starting or ending with '-'";
        QTest::newRow("section unicast address")
            << QByteArray("[group lab]\naddress = 192.0.2.1\n")
            << "FILE:2: address: bad value \"192.0.2.1\": not a multicast address";
        QTest::newRow("section port") << QByteArray("[group lab]\nport = 0\n")
                                      << "FILE:2: port: bad value \"0\": port out of range 1-65535";
        QTest::newRow("section open with key")
            << QByteArray("[group lab]\nopen = yes\nkey-file = /k\n")
            << "FILE:1: [group lab]: an open group has no key file";
        QTest::newRow("section bool") << QByteArray("[group lab]\nshare = sometimes\n")
                                      << "FILE:2: share: bad value \"sometimes\": expected true "
                                         "or false";
        QTest::newRow("section empty key file") << QByteArray("[group lab]\nkey-file =\n")
                                                << "FILE:2: key-file: bad value \"\": empty path";
        QTest::newRow("group twice")
            << QByteArray("group = lab\n[group lab]\n") << "group \"lab\" is configured twice";
        QTest::newRow("listen is upstream")
            << QByteArray("listen = [::1]:5300\nupstream = [::1]:5300\n")
            << "upstream [::1]:5300 is the listen address [::1]:5300: shoald would forward to "
               "itself";
        QTest::newRow("no listen")
            << QByteArray("listen =\n") << "listen: no address given; shoald needs at least one";
        QTest::newRow("not utf-8") << QByteArray("admin-group = \xff\xfe\n")
                                   << "configuration file FILE is not valid UTF-8";
    }

    void fileErrors()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, expected);
        const QString path = writeFile(m_dir, QStringLiteral("bad.conf"), content);
        const Result result = run({u"--config"_s, path});
        QCOMPARE(result.outcome, Outcome::Error);
        QCOMPARE(result.error, QString(expected).replace(u"FILE"_s, path));
    }

    void unreadableFiles()
    {
        const QString missing = m_dir.filePath(QStringLiteral("missing.conf"));
        Result result = run({u"--config"_s, missing});
        QCOMPARE(result.outcome, Outcome::Error);
        QVERIFY2(result.error.startsWith(u"cannot read configuration file " + missing + u": "),
                 qPrintable(result.error));

        result = run({u"--config"_s, m_dir.path()});
        QCOMPARE(result.error,
                 u"cannot read configuration file " + m_dir.path() + u": it is a directory");

        const QString huge =
            writeFile(m_dir, QStringLiteral("huge.conf"), QByteArray(1024 * 1024 + 1, '#'));
        result = run({u"--config"_s, huge});
        QCOMPARE(result.error, u"configuration file " + huge + u" is larger than 1048576 bytes");

        result = run({u"--config"_s, huge, u"--config"_s, huge});
        QCOMPARE(result.error, QStringLiteral("--config: given more than once"));
    }

    void helpAndVersion()
    {
        QCOMPARE(run(split("--help")).outcome, Outcome::Help);
        QCOMPARE(run(split("-h")).outcome, Outcome::Help);
        QCOMPARE(run(split("--version")).outcome, Outcome::Version);
        QCOMPARE(ConfigLoader::versionText(), QStringLiteral("shoald " SHOAL_VERSION "\n"));
    }

    void helpListsEveryOptionWithDefault()
    {
        // Descriptions are wrapped; compare with single spaces.
        const QString help = ConfigLoader::helpText().replace(u"\n      "_s, u" "_s);
        const DaemonConfig defaults;
        for (const ConfigOption &option : configOptions()) {
            const QString synopsis = u"  --" + option.name;
            const qsizetype at = help.indexOf(synopsis);
            QVERIFY2(at >= 0, qPrintable(option.name));
            const qsizetype end = help.indexOf(u"\n  -", at + 1);
            const QString entry = help.mid(at, end < 0 ? -1 : end - at);
            QVERIFY2(entry.contains(u"Default: " + option.show(defaults) + u'.'),
                     qPrintable(entry));
        }
        QVERIFY(help.contains(u"Default: 127.0.0.1:53, [::1]:53."));
        QVERIFY(help.contains(u"Default: 32M."));
        QVERIFY(help.contains(u"--config FILE"));
    }

    void describeShowsEverything()
    {
        const DaemonConfig config =
            runOk(split("--listen 127.0.0.1:5300 --upstream 127.0.0.2 --allow 192.0.2.0/24 "
                        "--group lab --open-group cafe --state-dir /srv/s"));
        const QStringList lines = ConfigLoader::describe(config).split(u'\n');
        QVERIFY(lines.contains(u"listen: 127.0.0.1:5300"_s));
        QVERIFY(lines.contains(u"upstream: 127.0.0.2:53"_s));
        QVERIFY(lines.contains(u"allow: 192.0.2.0/24"_s));
        QVERIFY(lines.contains(u"cache-size: 32M"_s));
        QVERIFY(lines.contains(u"stale-limit: 1d"_s));
        QVERIFY(lines.contains(u"client-budget: 400ms"_s));
        QVERIFY(lines.contains(
            u"group lab: keyed, key file /srv/s/groups/lab.key; address derived from the name; "
            "port 15353 (peer-port); share on"_s));
        QVERIFY(lines.contains(
            u"group cafe: open; address derived from the name; port 15353 (peer-port); share on"_s));
        const QStringList defaults = ConfigLoader::describe(DaemonConfig()).split(u'\n');
        QVERIFY(defaults.contains(u"upstream: none (the nameservers of /etc/resolv.conf)"_s));
        QVERIFY(defaults.contains(u"allow: none (loopback only)"_s));
        QVERIFY(defaults.contains(u"groups: none"_s));
    }

    void processExitsAsMainExpects()
    {
        const QString probe = QCoreApplication::applicationDirPath() + u"/config_probe";
        QProcess process;
        process.start(probe, {QStringLiteral("--help")});
        QVERIFY(process.waitForFinished(30000));
        QCOMPARE(process.exitCode(), 0);
        QVERIFY(process.readAllStandardOutput().contains("--stale-limit DURATION"));

        process.start(probe, {QStringLiteral("--version")});
        QVERIFY(process.waitForFinished(30000));
        QCOMPARE(process.exitCode(), 0);
        QCOMPARE(process.readAllStandardOutput(), QByteArray("shoald " SHOAL_VERSION "\n"));

        process.start(probe, {QStringLiteral("--stale-limit"), QStringLiteral("8d")});
        QVERIFY(process.waitForFinished(30000));
        QCOMPARE(process.exitCode(), 2);
        QCOMPARE(process.readAllStandardError(),
                 QByteArray("shoald: --stale-limit: bad value \"8d\": above the maximum of 7d\n"));

        process.start(probe, {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:5300")});
        QVERIFY(process.waitForFinished(30000));
        QCOMPARE(process.exitCode(), 0);
        QVERIFY(process.readAllStandardOutput().contains("listen: 127.0.0.1:5300\n"));
    }
};

QTEST_GUILESS_MAIN(TestConfigLoader)
#include "TestConfigLoader.moc"
