#pragma once

#include <QMainWindow>

class QAction;
class QLabel;
class QTabWidget;

namespace Shoal::Tray {

class CachePage;
class EventsPage;
class GroupsPage;
class OverviewPage;
class PeersPage;
class StatusModel;
struct TrayModels;

// The window titled "Shoal": a banner when shoald cannot be reached (or may not be changed by
// this user), and the Overview, Peers, Groups, Cache and Events tabs. Its size and position
// are remembered. Closing it hides it while a tray icon is there to bring it back.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    MainWindow(TrayModels &models, QWidget *parent = nullptr);
    ~MainWindow() override;

    // When true, closing only hides the window (the tray icon stays).
    void setHideOnClose(bool hide) { m_hideOnClose = hide; }
    void showAndRaise();

    QTabWidget *tabs() const { return m_tabs; }
    QLabel *banner() const { return m_banner; }
    OverviewPage *overviewPage() const { return m_overview; }
    PeersPage *peersPage() const { return m_peers; }
    GroupsPage *groupsPage() const { return m_groups; }
    CachePage *cachePage() const { return m_cache; }
    EventsPage *eventsPage() const { return m_events; }
    QAction *autostartAction() const { return m_autostart; }

signals:
    void joinRequested();
    void autostartToggled(bool enabled);
    void aboutRequested();
    void quitRequested();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildMenus();
    void updateBanner();
    void restoreGeometryFromSettings();
    void saveGeometryToSettings() const;

    const StatusModel &m_status;
    QLabel *m_banner = nullptr;
    QTabWidget *m_tabs = nullptr;
    OverviewPage *m_overview = nullptr;
    PeersPage *m_peers = nullptr;
    GroupsPage *m_groups = nullptr;
    CachePage *m_cache = nullptr;
    EventsPage *m_events = nullptr;
    QAction *m_autostart = nullptr;
    bool m_hideOnClose = false;
};

} // namespace Shoal::Tray
