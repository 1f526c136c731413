#include "service/daemon/SystemdNotifier.h"

#include "shared/LogCategories.h"

#include <QtGlobal>
#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstring>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace Shoal {

namespace {

// sun_path holds the path; a filesystem path also needs its terminating NUL.
constexpr qsizetype maxPathBytes = qsizetype(sizeof(sockaddr_un::sun_path));

// Closes the descriptor however send() leaves.
class SocketGuard
{
public:
    explicit SocketGuard(int descriptor)
        : m_descriptor(descriptor)
    {}
    ~SocketGuard()
    {
        if (m_descriptor >= 0)
            ::close(m_descriptor);
    }
    SocketGuard(const SocketGuard &) = delete;
    SocketGuard &operator=(const SocketGuard &) = delete;
    int get() const { return m_descriptor; }

private:
    int m_descriptor;
};

} // namespace

SystemdNotifier::SystemdNotifier(QByteArray socketAddress)
    : m_address(usableAddress(socketAddress))
{
    if (m_address.isEmpty() && !socketAddress.isEmpty())
        qCWarning(lcControl) << "NOTIFY_SOCKET ignored, not a usable socket address:"
                             << socketAddress.left(maxPathBytes);
}

SystemdNotifier SystemdNotifier::fromEnvironment()
{
    return SystemdNotifier(qgetenv("NOTIFY_SOCKET"));
}

// sd_notify(3) accepts an absolute path or an abstract name; "vsock:" addresses (systemd 254
// and later, for virtual machines) are not supported here.
QByteArray SystemdNotifier::usableAddress(const QByteArray &socketAddress)
{
    if (socketAddress.size() < 2 || socketAddress.contains('\0'))
        return {};
    if (socketAddress.startsWith('@'))
        return socketAddress.size() <= maxPathBytes ? socketAddress : QByteArray();
    if (socketAddress.startsWith('/'))
        return socketAddress.size() < maxPathBytes ? socketAddress : QByteArray();
    return {};
}

bool SystemdNotifier::notifyReady(const QString &status)
{
    return send("READY=1\n" + statusAssignment(status));
}

bool SystemdNotifier::notifyStopping()
{
    return send("STOPPING=1\n" +
                statusAssignment(QStringLiteral("shutting down, saving the cache")));
}

bool SystemdNotifier::notifyStatus(const QString &status)
{
    return send(statusAssignment(status));
}

bool SystemdNotifier::notifyWatchdog()
{
    return send("WATCHDOG=1\n");
}

qint64 SystemdNotifier::watchdogIntervalMs(const QByteArray &watchdogUsec,
                                           const QByteArray &watchdogPid, qint64 ownPid)
{
    bool ok = false;
    const qint64 usec = watchdogUsec.toLongLong(&ok);
    if (!ok || usec <= 0)
        return 0;
    // systemd sets WATCHDOG_PID when the watchdog belongs to one process of the service; a
    // child that inherited the environment must not ping on its parent's behalf.
    if (!watchdogPid.isEmpty() && watchdogPid.toLongLong() != ownPid)
        return 0;
    // Half the period, as sd_watchdog_enabled(3) advises, and never a zero timer.
    return std::max<qint64>(1, usec / 2000);
}

qint64 SystemdNotifier::watchdogIntervalMsFromEnvironment()
{
    return watchdogIntervalMs(qgetenv("WATCHDOG_USEC"), qgetenv("WATCHDOG_PID"),
                              qint64(::getpid()));
}

QString SystemdNotifier::outageStatus(bool inOutage)
{
    return inOutage ? QStringLiteral("outage: the upstream servers do not answer; answering from "
                                     "the cache and the groups")
                    : QStringLiteral("answering; the upstream servers answer");
}

// A value ends at the newline, so one inside the status would start a bogus assignment.
QByteArray SystemdNotifier::statusAssignment(const QString &status)
{
    QString line = status;
    line.replace(u'\n', u' ');
    return "STATUS=" + line.toUtf8() + '\n';
}

bool SystemdNotifier::send(const QByteArray &message) const
{
    if (!isActive())
        return false;
    const SocketGuard socket(::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    if (socket.get() < 0) {
        qCWarning(lcControl) << "cannot notify systemd: socket:" << std::strerror(errno);
        return false;
    }
    sockaddr_un address = {};
    address.sun_family = AF_UNIX;
    std::memcpy(address.sun_path, m_address.constData(), std::size_t(m_address.size()));
    if (address.sun_path[0] == '@')
        address.sun_path[0] = '\0';
    // An abstract name is exactly its bytes; a path is counted with its terminating NUL.
    const std::size_t pathLength = std::size_t(m_address.size()) + (m_address[0] == '@' ? 0 : 1);
    const auto length = socklen_t(offsetof(sockaddr_un, sun_path) + pathLength);
    const ssize_t sent =
        ::sendto(socket.get(), message.constData(), std::size_t(message.size()), MSG_NOSIGNAL,
                 reinterpret_cast<const sockaddr *>(&address), length);
    if (sent != ssize_t(message.size())) {
        qCWarning(lcControl) << "cannot notify systemd at" << m_address << ":"
                             << std::strerror(errno);
        return false;
    }
    return true;
}

} // namespace Shoal
