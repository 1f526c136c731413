#pragma once

#include <QMenu>

class QAction;

namespace Shoal::Tray {

class GroupTableModel;
class StatusModel;

// The tray icon's context menu, built from the models: a state line (disabled), Open,
// Join group..., a Groups submenu with one "Leave" entry per joined group, Start at login,
// About and Quit. It only emits what the user chose; TrayApp acts on it.
class TrayMenu : public QMenu
{
    Q_OBJECT

public:
    TrayMenu(const StatusModel &status, const GroupTableModel &groups, QWidget *parent = nullptr);

    void setAutostartChecked(bool checked);

    QAction *stateAction() const { return m_state; }
    QMenu *groupsMenu() const { return m_groups; }
    QAction *autostartAction() const { return m_autostart; }

signals:
    void openRequested();
    void joinRequested();
    void leaveRequested(const QString &group);
    void autostartToggled(bool enabled);
    void aboutRequested();
    void quitRequested();

private:
    void updateState();
    void rebuildGroups();

    const StatusModel &m_statusModel;
    const GroupTableModel &m_groupModel;
    QAction *m_state = nullptr;
    QAction *m_join = nullptr;
    QMenu *m_groups = nullptr;
    QAction *m_autostart = nullptr;
};

} // namespace Shoal::Tray
