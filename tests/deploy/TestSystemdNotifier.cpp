// SystemdNotifier against a datagram socket this test binds itself, in the role systemd plays
// for a Type=notify service: a path in a temporary folder, and a name in the abstract namespace.
#include "service/daemon/SystemdNotifier.h"

#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <cstddef>
#include <cstring>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

using namespace Shoal;

namespace {

// The receiving end: what systemd binds and names in $NOTIFY_SOCKET.
class FakeSystemd
{
public:
    // `address` as in $NOTIFY_SOCKET: a path, or '@' and a name for the abstract namespace.
    explicit FakeSystemd(const QByteArray &address)
    {
        m_socket = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        sockaddr_un sa = {};
        sa.sun_family = AF_UNIX;
        std::memcpy(sa.sun_path, address.constData(), std::size_t(address.size()));
        const bool abstract = address.startsWith('@');
        if (abstract)
            sa.sun_path[0] = '\0';
        const auto length = socklen_t(offsetof(sockaddr_un, sun_path) +
                                      std::size_t(address.size()) + (abstract ? 0 : 1));
        m_bound = m_socket >= 0 && ::bind(m_socket, reinterpret_cast<sockaddr *>(&sa), length) == 0;
    }
    ~FakeSystemd()
    {
        if (m_socket >= 0)
            ::close(m_socket);
    }
    FakeSystemd(const FakeSystemd &) = delete;
    FakeSystemd &operator=(const FakeSystemd &) = delete;

    bool isBound() const { return m_bound; }

    // The next datagram, or an empty array when none is waiting (send() is synchronous for a
    // local datagram socket, so whatever was sent is already queued).
    QByteArray receive()
    {
        char buffer[4096];
        const ssize_t size = ::recv(m_socket, buffer, sizeof buffer, 0);
        return size > 0 ? QByteArray(buffer, qsizetype(size)) : QByteArray();
    }

private:
    int m_socket = -1;
    bool m_bound = false;
};

QByteArray abstractName()
{
    return "@shoal-test-notify-" + QByteArray::number(::getpid()) + '-' +
           QByteArray::number(QRandomGenerator::global()->generate());
}

} // namespace

class TestSystemdNotifier : public QObject
{
    Q_OBJECT

private slots:
    void readyStatusAndStoppingReachAPathSocket()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QByteArray path = QFile::encodeName(dir.filePath(u"notify"_qs));
        FakeSystemd systemd(path);
        QVERIFY(systemd.isBound());

        SystemdNotifier notifier(path);
        QVERIFY(notifier.isActive());
        QVERIFY(notifier.notifyReady(u"answering"_qs));
        QCOMPARE(systemd.receive(), QByteArray("READY=1\nSTATUS=answering\n"));
        QVERIFY(notifier.notifyStatus(SystemdNotifier::outageStatus(true)));
        const QByteArray status = systemd.receive();
        QVERIFY2(status.startsWith("STATUS=outage: "), status.constData());
        QVERIFY(status.endsWith('\n'));
        QCOMPARE(status.count('\n'), 1);
        QVERIFY(notifier.notifyStopping());
        QVERIFY(systemd.receive().startsWith("STOPPING=1\nSTATUS="));
        QVERIFY(notifier.notifyWatchdog());
        QCOMPARE(systemd.receive(), QByteArray("WATCHDOG=1\n"));
        QCOMPARE(systemd.receive(), QByteArray());
    }

    void abstractSocket()
    {
        const QByteArray name = abstractName();
        FakeSystemd systemd(name);
        QVERIFY(systemd.isBound());
        SystemdNotifier notifier(name);
        QVERIFY(notifier.notifyReady(u"up"_qs));
        QCOMPARE(systemd.receive(), QByteArray("READY=1\nSTATUS=up\n"));
    }

    // The abstract name is exactly its bytes: a receiver bound to a longer name (what a sender
    // that counted a terminating NUL would reach) gets nothing.
    void abstractNameHasNoTrailingNul()
    {
        const QByteArray name = abstractName();
        FakeSystemd withNul(name + '\0');
        QVERIFY(withNul.isBound());
        SystemdNotifier notifier(name);
        QVERIFY(!notifier.notifyStatus(u"nobody listens"_qs));
        QCOMPARE(withNul.receive(), QByteArray());
    }

    // A newline in a status would end the assignment and start a bogus one.
    void statusIsOneLine()
    {
        const QByteArray name = abstractName();
        FakeSystemd systemd(name);
        QVERIFY(systemd.isBound());
        SystemdNotifier notifier(name);
        QVERIFY(notifier.notifyStatus(u"first\nREADY=1"_qs));
        QCOMPARE(systemd.receive(), QByteArray("STATUS=first READY=1\n"));
    }

    void unusableAddressesMakeItInactive_data()
    {
        QTest::addColumn<QByteArray>("address");
        QTest::newRow("unset") << QByteArray();
        QTest::newRow("relative path") << QByteArray("run/notify");
        QTest::newRow("only @") << QByteArray("@");
        QTest::newRow("only /") << QByteArray("/");
        QTest::newRow("vsock") << QByteArray("vsock:2:1234");
        QTest::newRow("path too long")
            << QByteArray('/' + QByteArray(sizeof(sockaddr_un::sun_path), 'a'));
        QTest::newRow("abstract too long")
            << QByteArray('@' + QByteArray(sizeof(sockaddr_un::sun_path), 'a'));
        QTest::newRow("embedded NUL") << QByteArray("/tmp/a\0b", 8);
    }
    void unusableAddressesMakeItInactive()
    {
        QFETCH(QByteArray, address);
        SystemdNotifier notifier(address);
        QVERIFY(!notifier.isActive());
        QVERIFY(!notifier.notifyReady(u"ready"_qs));
        QVERIFY(!notifier.notifyStopping());
    }

    // systemd gone (or the socket removed): the daemon goes on, the call reports the failure.
    void missingReceiverFails()
    {
        QTemporaryDir dir;
        SystemdNotifier notifier(QFile::encodeName(dir.filePath(u"absent"_qs)));
        QVERIFY(notifier.isActive());
        QVERIFY(!notifier.notifyReady(u"ready"_qs));
    }

    void fromEnvironmentReadsNotifySocket()
    {
        const QByteArray name = abstractName();
        FakeSystemd systemd(name);
        QVERIFY(systemd.isBound());
        qputenv("NOTIFY_SOCKET", name);
        SystemdNotifier notifier = SystemdNotifier::fromEnvironment();
        qunsetenv("NOTIFY_SOCKET");
        QVERIFY(notifier.notifyReady(u"env"_qs));
        QCOMPARE(systemd.receive(), QByteArray("READY=1\nSTATUS=env\n"));
        QVERIFY(!SystemdNotifier::fromEnvironment().isActive());
    }

    void watchdogInterval_data()
    {
        QTest::addColumn<QByteArray>("usec");
        QTest::addColumn<QByteArray>("pid");
        QTest::addColumn<qint64>("expected");
        QTest::newRow("unset") << QByteArray() << QByteArray() << qint64(0);
        QTest::newRow("30 s") << QByteArray("30000000") << QByteArray() << qint64(15000);
        QTest::newRow("our pid") << QByteArray("30000000") << QByteArray("4242") << qint64(15000);
        QTest::newRow("other pid") << QByteArray("30000000") << QByteArray("4243") << qint64(0);
        QTest::newRow("tiny") << QByteArray("1") << QByteArray() << qint64(1);
        QTest::newRow("zero") << QByteArray("0") << QByteArray() << qint64(0);
        QTest::newRow("negative") << QByteArray("-5") << QByteArray() << qint64(0);
        QTest::newRow("garbage") << QByteArray("soon") << QByteArray() << qint64(0);
    }
    void watchdogInterval()
    {
        QFETCH(QByteArray, usec);
        QFETCH(QByteArray, pid);
        QFETCH(qint64, expected);
        QCOMPARE(SystemdNotifier::watchdogIntervalMs(usec, pid, 4242), expected);
    }
};

QTEST_GUILESS_MAIN(TestSystemdNotifier)
#include "TestSystemdNotifier.moc"
