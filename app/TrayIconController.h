#pragma once

#include "app/Health.h"

#include <QObject>
#include <QTimer>
#include <optional>

class QSystemTrayIcon;

namespace Shoal::Tray {

class StatusModel;
class TrayMenu;

// The icon in the system tray: its picture and tooltip follow the daemon's health, a left click
// opens the window, the context menu is TrayMenu. Where there is no system tray (yet: at login
// the tray host may start after us) it reports that, and looks again every few seconds until
// one appears.
class TrayIconController : public QObject
{
    Q_OBJECT

public:
    TrayIconController(const StatusModel &status, TrayMenu &menu, QObject *parent = nullptr);

    // Shows the icon if a tray exists, else starts looking for one.
    void start();
    void setRetryIntervalMs(int ms) { m_retry.setInterval(ms); }
    bool isShown() const;
    QSystemTrayIcon *icon() const { return m_icon; }

    void showMessage(const QString &title, const QString &text, bool warning);

signals:
    void activated();
    // Whether the icon is in a tray now; false also when it went away.
    void availabilityChanged(bool shown);

private:
    void tryShow();
    void update();

    const StatusModel &m_status;
    TrayMenu &m_menu;
    QSystemTrayIcon *m_icon = nullptr;
    QTimer m_retry;
    std::optional<Health> m_shownHealth;
};

} // namespace Shoal::Tray
