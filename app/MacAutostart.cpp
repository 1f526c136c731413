#include "app/MacAutostart.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

namespace Shoal::Tray {

namespace {

QString escapeXml(const QString &text)
{
    return text.toHtmlEscaped();
}

} // namespace

MacAutostart::MacAutostart(const QString &program, const QString &agentsFolder)
    : m_program(program)
    , m_path((agentsFolder.isEmpty() ? QDir::homePath() + QStringLiteral("/Library/LaunchAgents")
                                     : agentsFolder) +
             QStringLiteral("/org.shoal.tray.plist"))
{}

bool MacAutostart::isEnabled() const
{
    return QFileInfo::exists(m_path);
}

QString MacAutostart::plistText() const
{
    return QStringLiteral(
               "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" "
               "\"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n"
               "<plist version=\"1.0\">\n<dict>\n"
               "  <key>Label</key>\n  <string>org.shoal.tray</string>\n"
               "  <key>ProgramArguments</key>\n  <array>\n    <string>%1</string>\n  </array>\n"
               "  <key>RunAtLoad</key>\n  <true/>\n"
               "</dict>\n</plist>\n")
        .arg(escapeXml(m_program));
}

bool MacAutostart::setEnabled(bool enabled)
{
    m_error.clear();
    if (!enabled) {
        QFile file(m_path);
        if (!file.exists() || file.remove())
            return true;
        m_error = file.errorString();
        return false;
    }
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly)) {
        m_error = file.errorString();
        return false;
    }
    file.write(plistText().toUtf8());
    if (!file.commit()) {
        m_error = file.errorString();
        return false;
    }
    return true;
}

} // namespace Shoal::Tray
