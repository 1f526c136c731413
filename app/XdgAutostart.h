#pragma once

#include "app/Autostart.h"

#include <QString>

namespace Shoal::Tray {

// Start at login on XDG desktops (GNOME, KDE, Xfce, ...): a desktop entry named
// shoal-tray.desktop in $XDG_CONFIG_HOME/autostart (~/.config/autostart when unset), per the
// XDG Autostart specification. `configHome` replaces $XDG_CONFIG_HOME (tests).
class XdgAutostart final : public Autostart
{
public:
    explicit XdgAutostart(const QString &program, const QString &configHome = {});

    bool isEnabled() const override;
    bool setEnabled(bool enabled) override;
    QString errorString() const override { return m_error; }
    QString location() const override { return m_path; }

    // The entry's text; the Exec line is quoted as the Desktop Entry specification asks.
    QString entryText() const;
    static QString quoteExec(const QString &program);

private:
    static QString defaultConfigHome();

    QString m_program;
    QString m_path;
    QString m_error;
};

} // namespace Shoal::Tray
