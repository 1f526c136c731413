#pragma once

#include "app/Autostart.h"

#include <QString>

namespace Shoal::Tray {

// Start at login on macOS: a LaunchAgent property list, ~/Library/LaunchAgents/
// org.shoal.tray.plist, with RunAtLoad. `agentsFolder` replaces ~/Library/LaunchAgents (tests).
class MacAutostart final : public Autostart
{
public:
    explicit MacAutostart(const QString &program, const QString &agentsFolder = {});

    bool isEnabled() const override;
    bool setEnabled(bool enabled) override;
    QString errorString() const override { return m_error; }
    QString location() const override { return m_path; }

    QString plistText() const;

private:
    QString m_program;
    QString m_path;
    QString m_error;
};

} // namespace Shoal::Tray
