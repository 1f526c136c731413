#include "service/config/DefaultPaths.h"

#include <QDir>
#include <QStandardPaths>
#include <unistd.h>

namespace Shoal {

bool runsAsRoot()
{
    return ::geteuid() == 0;
}

QString defaultStateDir()
{
    return stateDirFor(runsAsRoot(), QProcessEnvironment::systemEnvironment());
}

QString stateDirFor(bool asRoot, const QProcessEnvironment &environment)
{
    if (asRoot)
        return QStringLiteral("/var/lib/shoal");
    const QString xdgState = environment.value(QStringLiteral("XDG_STATE_HOME"));
    if (QDir::isAbsolutePath(xdgState))
        return QDir::cleanPath(xdgState + u"/shoal");
    const QString home = environment.value(QStringLiteral("HOME"), QDir::homePath());
    return QDir::cleanPath(home + u"/.local/state/shoal");
}

QString defaultControlSocketPath()
{
    if (runsAsRoot())
        return controlSocketPathFor(true, QString());
    return controlSocketPathFor(false,
                                QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation));
}

QString controlSocketPathFor(bool asRoot, const QString &runtimeDir)
{
    if (asRoot)
        return QStringLiteral("/run/shoal/control");
    return QDir::cleanPath(runtimeDir + u"/shoal/control");
}

} // namespace Shoal
