#include "app/XdgAutostart.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace Shoal::Tray {

namespace {

using namespace Qt::StringLiterals;

const QString entryName = u"/autostart/shoal-tray.desktop"_s;

} // namespace

XdgAutostart::XdgAutostart(const QString &program, const QString &configHome,
                           const QStringList &configDirs)
    : m_program(program)
    , m_path((configHome.isEmpty() ? defaultConfigHome() : configHome) + entryName)
{
    for (const QString &folder : configDirs.isEmpty() ? defaultConfigDirs() : configDirs)
        m_systemPaths.append(folder + entryName);
}

QString XdgAutostart::defaultConfigHome()
{
    const QString fromEnvironment = qEnvironmentVariable("XDG_CONFIG_HOME");
    if (!fromEnvironment.isEmpty() && QDir::isAbsolutePath(fromEnvironment))
        return fromEnvironment;
    return QDir::homePath() + u"/.config"_s;
}

QStringList XdgAutostart::defaultConfigDirs()
{
    QStringList folders;
    const auto fromEnvironment = qEnvironmentVariable("XDG_CONFIG_DIRS").split(u':');
    for (const QString &folder : fromEnvironment) {
        if (QDir::isAbsolutePath(folder))
            folders.append(folder);
    }
    return folders.isEmpty() ? QStringList{u"/etc/xdg"_s} : folders;
}

bool XdgAutostart::isHidden(const QString &entryPath)
{
    QFile file(entryPath);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return false;
    while (!file.atEnd()) {
        if (file.readLine().trimmed() == "Hidden=true")
            return true;
    }
    return false;
}

QString XdgAutostart::systemEntry() const
{
    for (const QString &path : m_systemPaths) {
        if (QFileInfo::exists(path))
            return isHidden(path) ? QString() : path;
    }
    return {};
}

bool XdgAutostart::isEnabled() const
{
    if (QFileInfo::exists(m_path))
        return !isHidden(m_path);
    return !systemEntry().isEmpty();
}

bool XdgAutostart::setEnabled(bool enabled)
{
    m_error.clear();
    if (enabled)
        return writeEntryFile(m_path, entryText().toUtf8(), m_error);
    if (!systemEntry().isEmpty())
        return writeEntryFile(m_path, entryText().toUtf8() + "Hidden=true\n", m_error);
    return removeEntryFile(m_path, m_error);
}

// Inside a quoted Exec argument, ", `, $ and \ are escaped with a backslash; % is doubled
// because Exec fields give % a meaning of their own.
QString XdgAutostart::quoteExec(const QString &program)
{
    QString quoted;
    for (const QChar c : program) {
        if (c == u'"' || c == u'`' || c == u'$' || c == u'\\')
            quoted += u'\\';
        if (c == u'%')
            quoted += u'%';
        quoted += c;
    }
    return u'"' + quoted + u'"';
}

QString XdgAutostart::entryText() const
{
    return u"[Desktop Entry]\n"
           "Type=Application\n"
           "Name=Shoal\n"
           "Comment=Shows the Shoal DNS daemon's state in the system tray\n"
           "Exec=%1\n"
           "Icon=shoal-tray\n"
           "Terminal=false\n"
           "Categories=Network;System;\n"
           "X-GNOME-Autostart-enabled=true\n"_s.arg(quoteExec(m_program));
}

} // namespace Shoal::Tray
