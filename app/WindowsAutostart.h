#pragma once

#include "app/Autostart.h"

#include <QString>

namespace Shoal::Tray {

// Start at login on Windows: a "Shoal" value under the current user's Run key, written with
// QSettings in the native (registry) format. `key` replaces the Run key's path (tests).
class WindowsAutostart final : public Autostart
{
public:
    explicit WindowsAutostart(
        const QString &program,
        const QString &key =
            QStringLiteral("HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Run"));

    bool isEnabled() const override;
    bool setEnabled(bool enabled) override;
    QString errorString() const override { return m_error; }
    QString location() const override { return m_key + QStringLiteral("\\Shoal"); }

private:
    QString m_program;
    QString m_key;
    QString m_error;
};

} // namespace Shoal::Tray
