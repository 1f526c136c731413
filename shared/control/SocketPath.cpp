#include "shared/control/SocketPath.h"

#include <QFileInfo>
#include <QStandardPaths>
#include <QtGlobal>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

namespace Shoal::Control {

namespace {

bool runningAsRoot()
{
#ifdef Q_OS_UNIX
    return geteuid() == 0;
#else
    return false;
#endif
}

QString overridePath()
{
    return qEnvironmentVariable("SHOAL_CONTROL_SOCKET");
}

QString userSocketPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation) +
           QStringLiteral("/shoal/control");
}

} // namespace

QString defaultServerSocketPath()
{
    if (const QString path = overridePath(); !path.isEmpty())
        return path;
    return runningAsRoot() ? QString::fromLatin1(systemSocketPath) : userSocketPath();
}

QString defaultClientSocketPath()
{
    if (const QString path = overridePath(); !path.isEmpty())
        return path;
    const QString system = QString::fromLatin1(systemSocketPath);
    if (runningAsRoot() || QFileInfo::exists(system))
        return system;
    return userSocketPath();
}

} // namespace Shoal::Control
