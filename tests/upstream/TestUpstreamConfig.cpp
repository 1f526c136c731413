#include "service/upstream/Forwarder.h"
#include "service/upstream/ResolvConf.h"
#include "service/upstream/UpstreamAddress.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Shoal;

namespace {

using Listen = ResolvConf::ListenAddress;

QHostAddress ip(const char *text)
{
    return QHostAddress(QString::fromLatin1(text));
}

QStringList texts(const QList<UpstreamAddress> &servers)
{
    QStringList out;
    for (const UpstreamAddress &server : servers)
        out.append(server.toString());
    return out;
}

const char *sampleResolvConf = "# written by hand\n"
                               "; an old-style comment\n"
                               "search example.test\n"
                               "options edns0 trust-ad\n"
                               "nameserver 192.0.2.1\n"
                               "   nameserver\t198.51.100.7   # the second one\n"
                               "nameserver 2001:db8::53\n"
                               "nameserver fe80::1%eth0\n"
                               "nameserver\n"
                               "nameserver not-an-address\n"
                               "nameservers 192.0.2.200\n"
                               "#nameserver 192.0.2.201\n"
                               "nameserver 192.0.2.1\n"
                               "\x01\x02 garbage \xff\n";

} // namespace

class TestUpstreamConfig : public QObject
{
    Q_OBJECT

private slots:
    void parsesUpstreamAddresses_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("address");
        QTest::addColumn<int>("port");
        QTest::newRow("v4") << u"192.0.2.1"_qs << u"192.0.2.1"_qs << 53;
        QTest::newRow("v4 port") << u"192.0.2.1:5353"_qs << u"192.0.2.1"_qs << 5353;
        QTest::newRow("v4 spaces") << u"  127.0.0.2:53 "_qs << u"127.0.0.2"_qs << 53;
        QTest::newRow("v6 bracket port") << u"[2001:db8::1]:5300"_qs << u"2001:db8::1"_qs << 5300;
        QTest::newRow("v6 bracket") << u"[::1]"_qs << u"::1"_qs << 53;
        QTest::newRow("v6 bare") << u"2001:db8::1"_qs << u"2001:db8::1"_qs << 53;
        QTest::newRow("v6 zone") << u"[fe80::1%eth0]:53"_qs << u"fe80::1%eth0"_qs << 53;
    }

    void parsesUpstreamAddresses()
    {
        QFETCH(QString, text);
        QFETCH(QString, address);
        QFETCH(int, port);
        const auto parsed = parseUpstream(text);
        QVERIFY(parsed);
        QCOMPARE(parsed->address.toString(), address);
        QCOMPARE(parsed->port, port);
        QCOMPARE(parseUpstream(parsed->toString()), parsed); // toString reads back
    }

    void refusesBadUpstreamAddresses_data()
    {
        QTest::addColumn<QString>("text");
        for (const char *bad :
             {"", "dns.example.test", "192.0.2.1:0", "192.0.2.1:65536",
              "192.0.2.1:", "192.0.2.1:abc", "192.0.2.1:53:53", "[2001:db8::1", "[2001:db8::1]53",
              "[192.0.2.1]:53", "2001:db8::1]:53", "[]:53", "[2001:db8::1]:-1", "300.1.2.3", ":53"})
            QTest::newRow(bad) << QString::fromLatin1(bad);
    }

    void refusesBadUpstreamAddresses()
    {
        QFETCH(QString, text);
        QVERIFY(!parseUpstream(text));
    }

    void readsNameserverLines()
    {
        const auto servers = ResolvConf::parse(QString::fromLatin1(sampleResolvConf), {}, {});
        QCOMPARE(texts(servers), (QStringList{u"192.0.2.1:53"_qs, u"198.51.100.7:53"_qs,
                                              u"[2001:db8::53]:53"_qs, u"[fe80::1%eth0]:53"_qs}));
        QCOMPARE(servers.at(3).address.scopeId(), u"eth0"_qs);
    }

    void leavesOutTheDaemonsOwnAddresses()
    {
        const QString conf = u"nameserver 127.0.0.1\nnameserver 127.0.0.53\n"
                             "nameserver 192.0.2.1\nnameserver ::1\n"_qs;
        // Listening on 127.0.0.1:53 only: that one address is us.
        QCOMPARE(texts(ResolvConf::parse(conf, {Listen{ip("127.0.0.1"), 53}}, {})),
                 (QStringList{u"127.0.0.53:53"_qs, u"192.0.2.1:53"_qs, u"[::1]:53"_qs}));
        // Another port: resolv.conf servers are all on 53, none of them is us.
        QCOMPARE(ResolvConf::parse(conf, {Listen{ip("127.0.0.1"), 5300}}, {}).size(), 4);
        QCOMPARE(texts(ResolvConf::parse(conf, {Listen{ip("::1"), 53}}, {})),
                 (QStringList{u"127.0.0.1:53"_qs, u"127.0.0.53:53"_qs, u"192.0.2.1:53"_qs}));
    }

    void wildcardListenersMatchEveryLocalAddress()
    {
        const QString conf = u"nameserver 127.0.0.1\nnameserver 192.0.2.10\n"
                             "nameserver 192.0.2.1\nnameserver ::1\nnameserver 2001:db8::10\n"_qs;
        const QList<QHostAddress> local{ip("192.0.2.10"), ip("2001:db8::10"), ip("127.0.0.1")};
        const QStringList remote{u"192.0.2.1:53"_qs};
        QCOMPARE(texts(ResolvConf::parse(conf, {Listen{ip("0.0.0.0"), 53}}, local)), remote);
        QCOMPARE(texts(ResolvConf::parse(conf, {Listen{ip("::"), 53}}, local)), remote);
        QCOMPARE(ResolvConf::parse(conf, {Listen{ip("0.0.0.0"), 5353}}, local).size(), 5);
    }

    void wildcardNameserverReachesThisHost()
    {
        const QString conf = u"nameserver 0.0.0.0\nnameserver ::\nnameserver 192.0.2.1\n"_qs;
        QCOMPARE(texts(ResolvConf::parse(conf, {Listen{ip("127.0.0.1"), 53}}, {})),
                 QStringList{u"192.0.2.1:53"_qs});
    }

    void keepsAtMostEightServers()
    {
        QString conf;
        for (int i = 1; i <= 20; ++i)
            conf += u"nameserver 192.0.2."_qs + QString::number(i) + u'\n';
        const auto servers = ResolvConf::parse(conf, {}, {});
        QCOMPARE(servers.size(), ResolvConf::maxNameservers);
        QCOMPARE(servers.last().toString(), u"192.0.2.8:53"_qs);
    }

    void readsTheFile()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(u"resolv.conf"_qs);
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("nameserver 127.0.0.1\nnameserver 192.0.2.1\n");
        file.close();
        QCOMPARE(texts(Forwarder::fromResolvConf(path, {Listen{ip("127.0.0.1"), 53}})),
                 QStringList{u"192.0.2.1:53"_qs});
    }

    void aMissingFileGivesNoServers()
    {
        QTest::ignoreMessage(QtWarningMsg,
                             QRegularExpression(u"^cannot read resolver configuration"_qs));
        QVERIFY(Forwarder::fromResolvConf(u"/nonexistent/resolv.conf"_qs, {}).isEmpty());
    }

    void onlyTheFirst64KiBAreRead()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"resolv.conf"_qs);
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(ResolvConf::maxFileSize, '#'));
        file.write("\nnameserver 192.0.2.1\n");
        file.close();
        QVERIFY(Forwarder::fromResolvConf(path, {}).isEmpty());
    }
};

QTEST_APPLESS_MAIN(TestUpstreamConfig)
#include "TestUpstreamConfig.moc"
