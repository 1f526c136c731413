#pragma once

#include "app/Autostart.h"
#include "app/TrayCommandLine.h"

#include <QObject>
#include <memory>

namespace Shoal::Tray {

class MainWindow;
class OutageNotifier;
class SelfTestDump;
class TrayIconController;
class TrayMenu;
struct TrayModels;

// shoal-tray put together: the models on one daemon connection, the window, the tray icon and
// its menu, outage notifications and start at login. The window opens at start when asked
// (--show) or when there is no system tray to hold the icon.
class TrayApp : public QObject
{
    Q_OBJECT

public:
    TrayApp(const TrayOptions &options, std::unique_ptr<Autostart> autostart,
            QObject *parent = nullptr);
    ~TrayApp() override;

    void start();

    TrayModels &models() const { return *m_models; }
    MainWindow &window() const { return *m_window; }
    TrayMenu &menu() const { return *m_menu; }
    TrayIconController &trayIcon() const { return *m_trayIcon; }
    OutageNotifier &notifier() const { return *m_notifier; }
    Autostart &autostart() const { return *m_autostart; }

    void setAutostartEnabled(bool enabled);

signals:
    void quitRequested();

private:
    void connectSignals();
    void onTrayAvailability(bool shown);
    void showAbout();
    void syncAutostartChecks();

    TrayOptions m_options;
    std::unique_ptr<Autostart> m_autostart;
    std::unique_ptr<TrayModels> m_models;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<TrayMenu> m_menu;
    TrayIconController *m_trayIcon = nullptr;
    OutageNotifier *m_notifier = nullptr;
    SelfTestDump *m_dump = nullptr;
};

} // namespace Shoal::Tray
