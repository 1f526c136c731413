#include "app/XdgAutostart.h"

#include <QDir>
#include <QFileInfo>

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
    return enabled ? writeEntryFile(m_path, entryText().toUtf8(), m_error)
                   : removeEntryFile(m_path, m_error);
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
