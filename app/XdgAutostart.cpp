#include "app/XdgAutostart.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QStandardPaths>

namespace Shoal::Tray {

namespace {

using namespace Qt::StringLiterals;

} // namespace

XdgAutostart::XdgAutostart(const QString &program, const QString &configHome)
    : m_program(program)
    , m_path((configHome.isEmpty() ? defaultConfigHome() : configHome) +
             u"/autostart/shoal-tray.desktop"_s)
{}

QString XdgAutostart::defaultConfigHome()
{
    const QString fromEnvironment = qEnvironmentVariable("XDG_CONFIG_HOME");
    if (!fromEnvironment.isEmpty() && QDir::isAbsolutePath(fromEnvironment))
        return fromEnvironment;
    return QDir::homePath() + u"/.config"_s;
}

bool XdgAutostart::isEnabled() const
{
    return QFileInfo::exists(m_path);
}

bool XdgAutostart::setEnabled(bool enabled)
{
    m_error.clear();
    return enabled ? write() : remove();
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

bool XdgAutostart::write()
{
    const QString folder = QFileInfo(m_path).absolutePath();
    if (!QDir().mkpath(folder)) {
        m_error = QStringLiteral("cannot create %1").arg(folder);
        return false;
    }
    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly)) {
        m_error = file.errorString();
        return false;
    }
    file.write(entryText().toUtf8());
    if (!file.commit()) {
        m_error = file.errorString();
        return false;
    }
    return true;
}

bool XdgAutostart::remove()
{
    QFile file(m_path);
    if (!file.exists() || file.remove())
        return true;
    m_error = file.errorString();
    return false;
}

} // namespace Shoal::Tray
