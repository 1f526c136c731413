// The loop through systemd-resolved: shoald forwarding to resolved's stub while resolved
// forwards to shoald is refused; the stub in front of real servers, or shoald on another
// address or port than resolved forwards to, is not.
#include "service/upstream/ResolvedLoop.h"

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

UpstreamAddress upstream(const char *text, quint16 port = 53)
{
    return UpstreamAddress{ip(text), port};
}

const QList<Listen> usual = {Listen{ip("127.0.0.1"), 53}, Listen{ip("::1"), 53}};

} // namespace

class TestResolvedLoop : public QObject
{
    Q_OBJECT

private slots:
    void stubAddresses()
    {
        QVERIFY(ResolvedLoop::isResolvedStub(upstream("127.0.0.53")));
        QVERIFY(ResolvedLoop::isResolvedStub(upstream("127.0.0.54")));
        QVERIFY(ResolvedLoop::isResolvedStub(upstream("::ffff:127.0.0.53")));
        QVERIFY(!ResolvedLoop::isResolvedStub(upstream("127.0.0.53", 5353)));
        QVERIFY(!ResolvedLoop::isResolvedStub(upstream("127.0.0.1")));
        QVERIFY(!ResolvedLoop::isResolvedStub(upstream("192.0.2.53")));
    }

    void loops_data()
    {
        QTest::addColumn<QString>("resolvedServers");
        QTest::addColumn<QString>("upstream");
        QTest::addColumn<bool>("loops");
        const QString toShoald = u"# resolved\nnameserver 127.0.0.1\n"_qs;
        const QString toReal = u"nameserver 192.0.2.53\nnameserver 2001:db8::53\n"_qs;
        QTest::newRow("stub, resolved forwards to shoald") << toShoald << u"127.0.0.53"_qs << true;
        QTest::newRow("proxy stub, resolved forwards to shoald")
            << toShoald << u"127.0.0.54"_qs << true;
        QTest::newRow("stub, resolved forwards to shoald on ::1")
            << u"nameserver 192.0.2.53\nnameserver ::1\n"_qs << u"127.0.0.53"_qs << true;
        QTest::newRow("stub, resolved forwards to real servers")
            << toReal << u"127.0.0.53"_qs << false;
        QTest::newRow("no stub, resolved forwards to shoald")
            << toShoald << u"192.0.2.53"_qs << false;
        QTest::newRow("stub, resolved lists nothing") << QString() << u"127.0.0.53"_qs << false;
    }
    void loops()
    {
        QFETCH(QString, resolvedServers);
        QFETCH(QString, upstream);
        QFETCH(bool, loops);
        const QList<UpstreamAddress> upstreams = {*parseUpstream(upstream)};
        const QString reason = ResolvedLoop::check(upstreams, usual, resolvedServers, {});
        QCOMPARE(!reason.isEmpty(), loops);
        if (loops)
            QVERIFY2(reason.contains(u"would forward to itself"), qPrintable(reason));
    }

    // resolved forwards to 127.0.0.1:53, but this shoald answers on port 5300: no loop.
    void otherPortIsNoLoop()
    {
        const QString reason =
            ResolvedLoop::check({upstream("127.0.0.53")}, {Listen{ip("127.0.0.1"), 5300}},
                                u"nameserver 127.0.0.1\n", {});
        QVERIFY2(reason.isEmpty(), qPrintable(reason));
    }

    // A wildcard listener reaches every address of the host, as ResolvConf counts them.
    void wildcardListenerCountsHostAddresses()
    {
        const QString reason =
            ResolvedLoop::check({upstream("127.0.0.53")}, {Listen{ip("0.0.0.0"), 53}},
                                u"nameserver 192.0.2.7\n", {ip("192.0.2.7")});
        QVERIFY(!reason.isEmpty());
    }

    void readsTheFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"resolv.conf"_qs);
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("nameserver 127.0.0.1\n");
        file.close();
        QVERIFY(!ResolvedLoop::checkFile({upstream("127.0.0.53")}, usual, path).isEmpty());
        QVERIFY(ResolvedLoop::checkFile({upstream("192.0.2.53")}, usual, path).isEmpty());
        // No resolved on the host: nothing to compare with, nothing refused.
        QVERIFY(ResolvedLoop::checkFile({upstream("127.0.0.53")}, usual, dir.filePath(u"absent"_qs))
                    .isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestResolvedLoop)
#include "TestResolvedLoop.moc"
