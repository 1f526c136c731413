#pragma once

#include "app/Autostart.h"

#include <QString>
#include <QStringList>

namespace Shoal::Tray {

// Start at login on XDG desktops (GNOME, KDE, Xfce, ...), per the XDG Autostart
// specification: a desktop entry named shoal-tray.desktop in $XDG_CONFIG_HOME/autostart
// (~/.config/autostart when unset). A package may also install one for every user in
// $XDG_CONFIG_DIRS/autostart (/etc/xdg/autostart); the user's entry of the same name takes its
// place, so turning start at login off then writes a user entry with Hidden=true instead of
// removing one. `configHome` and `configDirs` replace the environment's folders (tests).
class XdgAutostart final : public Autostart
{
public:
    explicit XdgAutostart(const QString &program, const QString &configHome = {},
                          const QStringList &configDirs = {});

    bool isEnabled() const override;
    bool setEnabled(bool enabled) override;
    QString errorString() const override { return m_error; }
    QString location() const override { return m_path; }

    // The entry's text; the Exec line is quoted as the Desktop Entry specification asks.
    QString entryText() const;
    static QString quoteExec(const QString &program);

private:
    static QString defaultConfigHome();
    static QStringList defaultConfigDirs();
    static bool isHidden(const QString &entryPath);
    // The first system-wide entry, when it exists and is not hidden; else empty.
    QString systemEntry() const;

    QString m_program;
    QString m_path;
    QStringList m_systemPaths;
    QString m_error;
};

} // namespace Shoal::Tray
