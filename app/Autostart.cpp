#include "app/Autostart.h"

#if defined(Q_OS_WIN)
#include "app/WindowsAutostart.h"
#elif defined(Q_OS_MACOS)
#include "app/MacAutostart.h"
#else
#include "app/XdgAutostart.h"
#endif

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

namespace Shoal::Tray {

std::unique_ptr<Autostart> Autostart::forThisPlatform(const QString &program)
{
#if defined(Q_OS_WIN)
    return std::make_unique<WindowsAutostart>(program);
#elif defined(Q_OS_MACOS)
    return std::make_unique<MacAutostart>(program);
#else
    return std::make_unique<XdgAutostart>(program);
#endif
}

bool Autostart::writeEntryFile(const QString &path, const QByteArray &text, QString &error)
{
    const QString folder = QFileInfo(path).absolutePath();
    if (!QDir().mkpath(folder)) {
        error = QCoreApplication::translate("Shoal::Tray::Autostart", "cannot create the folder %1")
                    .arg(folder);
        return false;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size() || !file.commit()) {
        error = file.errorString();
        return false;
    }
    return true;
}

bool Autostart::removeEntryFile(const QString &path, QString &error)
{
    QFile file(path);
    if (!file.exists() || file.remove())
        return true;
    error = file.errorString();
    return false;
}

} // namespace Shoal::Tray
