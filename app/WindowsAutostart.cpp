#include "app/WindowsAutostart.h"

#include <QCoreApplication>
#include <QDir>
#include <QSettings>

namespace Shoal::Tray {

namespace {

const QString valueName = QStringLiteral("Shoal");

} // namespace

WindowsAutostart::WindowsAutostart(const QString &program, const QString &key)
    : m_program(program)
    , m_key(key)
{}

bool WindowsAutostart::isEnabled() const
{
    const QSettings run(m_key, QSettings::NativeFormat);
    return run.contains(valueName);
}

bool WindowsAutostart::setEnabled(bool enabled)
{
    m_error.clear();
    QSettings run(m_key, QSettings::NativeFormat);
    if (enabled)
        run.setValue(valueName, QString(QLatin1Char('"') + QDir::toNativeSeparators(m_program) +
                                        QLatin1Char('"')));
    else
        run.remove(valueName);
    run.sync();
    if (run.status() != QSettings::NoError) {
        m_error = QCoreApplication::translate("Shoal::Tray::Autostart", "cannot write %1")
                      .arg(location());
        return false;
    }
    return true;
}

} // namespace Shoal::Tray
