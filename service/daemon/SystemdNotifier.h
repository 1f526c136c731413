#pragma once

#include <QByteArray>
#include <QString>
#include <QtGlobal>

namespace Shoal {

// Tells systemd how the daemon is doing when it runs as a Type=notify service: one datagram per
// state change to the AF_UNIX socket named by $NOTIFY_SOCKET (the sd_notify protocol of
// sd_notify(3)), without linking libsystemd. A path starting with '@' is in the abstract
// namespace. Without $NOTIFY_SOCKET, or with a socket address it cannot use, every call does
// nothing and returns false: shoald runs the same under any service manager or none.
class SystemdNotifier
{
public:
    // socketAddress is the value of $NOTIFY_SOCKET: an absolute path or '@' plus a name.
    explicit SystemdNotifier(QByteArray socketAddress);
    static SystemdNotifier fromEnvironment();

    bool isActive() const { return !m_address.isEmpty(); }

    // "READY=1" with a status line: startup is over, the listeners answer.
    bool notifyReady(const QString &status);
    // "STOPPING=1": shutdown has begun (the cache is being written).
    bool notifyStopping();
    // "STATUS=...": a one-line description that `systemctl status` shows.
    bool notifyStatus(const QString &status);
    // "WATCHDOG=1": the event loop still runs. Only useful with WatchdogSec= in the unit.
    bool notifyWatchdog();

    // How often to call notifyWatchdog(): half the $WATCHDOG_USEC systemd asks for, in
    // milliseconds, or 0 when no watchdog is set or when $WATCHDOG_PID names another process.
    static qint64 watchdogIntervalMs(const QByteArray &watchdogUsec, const QByteArray &watchdogPid,
                                     qint64 ownPid);
    static qint64 watchdogIntervalMsFromEnvironment();

    // The status line for the upstream's outage state.
    static QString outageStatus(bool inOutage);

    // Sends one notification made of newline-separated VARIABLE=value assignments.
    bool send(const QByteArray &message) const;

private:
    static QByteArray usableAddress(const QByteArray &socketAddress);
    static QByteArray statusAssignment(const QString &status);

    QByteArray m_address;
};

} // namespace Shoal
