#include "app/MacAutostart.h"

#include <QDir>
#include <QFileInfo>

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
    return enabled ? writeEntryFile(m_path, plistText().toUtf8(), m_error)
                   : removeEntryFile(m_path, m_error);
}

} // namespace Shoal::Tray
