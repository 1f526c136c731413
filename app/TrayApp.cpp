#include "app/TrayApp.h"

#include "app/GroupActions.h"
#include "app/MainWindow.h"
#include "app/OutageNotifier.h"
#include "app/SelfTestDump.h"
#include "app/TrayIconController.h"
#include "app/TrayMenu.h"
#include "app/TrayModels.h"
#include "shared/LogCategories.h"
#include "shared/Version.h"

#include <QAction>
#include <QMessageBox>

namespace Shoal::Tray {

TrayApp::TrayApp(const TrayOptions &options, std::unique_ptr<Autostart> autostart, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_autostart(std::move(autostart))
    , m_models(std::make_unique<TrayModels>(options.socketPath))
    , m_window(std::make_unique<MainWindow>(*m_models))
    , m_menu(std::make_unique<TrayMenu>(m_models->status, m_models->groups))
    , m_trayIcon(new TrayIconController(m_models->status, *m_menu, this))
    , m_notifier(new OutageNotifier(m_models->status, this))
{
    connectSignals();
    syncAutostartChecks();
    if (!options.selfTestDump.isEmpty())
        m_dump = new SelfTestDump(options.selfTestDump, *m_window, *m_trayIcon,
                                  options.selfTestIntervalMs, this);
}

// The children that refer to the models and the menu go first.
TrayApp::~TrayApp()
{
    delete m_dump;
    delete m_notifier;
    delete m_trayIcon;
}

void TrayApp::connectSignals()
{
    GroupActions &actions = m_models->groupActions;
    MainWindow *window = m_window.get();
    connect(m_menu.get(), &TrayMenu::openRequested, window, &MainWindow::showAndRaise);
    connect(m_menu.get(), &TrayMenu::joinRequested, this, [&actions, window] {
        window->showAndRaise();
        actions.join(window);
    });
    connect(m_menu.get(), &TrayMenu::leaveRequested, this,
            [&actions, window](const QString &group) { actions.leave(group, window); });
    connect(m_menu.get(), &TrayMenu::autostartToggled, this, &TrayApp::setAutostartEnabled);
    connect(m_menu.get(), &TrayMenu::aboutRequested, this, &TrayApp::showAbout);
    connect(m_menu.get(), &TrayMenu::quitRequested, this, &TrayApp::quitRequested);
    connect(window, &MainWindow::joinRequested, this, [&actions, window] { actions.join(window); });
    connect(window, &MainWindow::autostartToggled, this, &TrayApp::setAutostartEnabled);
    connect(window, &MainWindow::aboutRequested, this, &TrayApp::showAbout);
    connect(window, &MainWindow::quitRequested, this, &TrayApp::quitRequested);
    connect(m_trayIcon, &TrayIconController::activated, window, &MainWindow::showAndRaise);
    connect(m_trayIcon, &TrayIconController::availabilityChanged, this,
            &TrayApp::onTrayAvailability);
    connect(m_notifier, &OutageNotifier::notify, m_trayIcon, &TrayIconController::showMessage);
}

void TrayApp::start()
{
    m_models->connection.start();
    m_trayIcon->start();
    if (m_options.show)
        m_window->showAndRaise();
}

void TrayApp::onTrayAvailability(bool shown)
{
    m_window->setHideOnClose(shown);
    if (!shown)
        m_window->showAndRaise();
}

void TrayApp::setAutostartEnabled(bool enabled)
{
    if (!m_autostart->setEnabled(enabled)) {
        qCWarning(lcTray) << "start at login not changed:" << m_autostart->errorString();
        QMessageBox::warning(m_window.get(), tr("Shoal"),
                             tr("Could not change start at login (%1): %2")
                                 .arg(m_autostart->location(), m_autostart->errorString()));
    }
    syncAutostartChecks();
}

void TrayApp::syncAutostartChecks()
{
    const bool enabled = m_autostart->isEnabled();
    m_menu->setAutostartChecked(enabled);
    const QSignalBlocker blocker(m_window->autostartAction());
    m_window->autostartAction()->setChecked(enabled);
}

void TrayApp::showAbout()
{
    const QString server = m_models->connection.serverName();
    QMessageBox::about(
        m_window.get(), tr("About Shoal"),
        tr("<p><b>Shoal %1</b></p><p>Workstations that keep resolving names together when the "
           "DNS server dies.</p><p>Daemon: %2<br>Control socket: %3</p>")
            .arg(QLatin1StringView(Shoal::version),
                 server.isEmpty() ? tr("not connected") : server.toHtmlEscaped(),
                 m_models->connection.socketPath().toHtmlEscaped()));
}

} // namespace Shoal::Tray
