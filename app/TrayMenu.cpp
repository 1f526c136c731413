#include "app/TrayMenu.h"

#include "app/DisplayText.h"
#include "app/GroupTableModel.h"
#include "app/StatusModel.h"

#include <QAction>

namespace Shoal::Tray {

TrayMenu::TrayMenu(const StatusModel &status, const GroupTableModel &groups, QWidget *parent)
    : QMenu(parent)
    , m_statusModel(status)
    , m_groupModel(groups)
{
    m_state = addAction(QString());
    m_state->setEnabled(false);
    addSeparator();
    addAction(tr("&Open Shoal"), this, &TrayMenu::openRequested);
    m_join = addAction(tr("&Join group..."), this, &TrayMenu::joinRequested);
    m_groups = addMenu(tr("&Groups"));
    addSeparator();
    m_autostart = addAction(tr("&Start at login"));
    m_autostart->setCheckable(true);
    connect(m_autostart, &QAction::toggled, this, &TrayMenu::autostartToggled);
    addAction(tr("&About Shoal"), this, &TrayMenu::aboutRequested);
    addAction(tr("&Quit"), this, &TrayMenu::quitRequested);

    connect(&status, &StatusModel::changed, this, &TrayMenu::updateState);
    connect(&groups, &QAbstractItemModel::modelReset, this, &TrayMenu::rebuildGroups);
    connect(&groups, &QAbstractItemModel::rowsInserted, this, &TrayMenu::rebuildGroups);
    connect(&groups, &QAbstractItemModel::rowsRemoved, this, &TrayMenu::rebuildGroups);
    updateState();
    rebuildGroups();
}

void TrayMenu::setAutostartChecked(bool checked)
{
    const QSignalBlocker blocker(m_autostart);
    m_autostart->setChecked(checked);
}

void TrayMenu::updateState()
{
    m_state->setText(DisplayText::stateLine(m_statusModel));
    m_join->setEnabled(m_statusModel.health() != Health::Unreachable);
}

void TrayMenu::rebuildGroups()
{
    m_groups->clear();
    for (const Control::Group &group : m_groupModel.groups()) {
        const QString name = group.name;
        m_groups->addAction(tr("Leave %1...").arg(name), this,
                            [this, name] { emit leaveRequested(name); });
    }
    if (m_groupModel.groups().isEmpty())
        m_groups->addAction(tr("(no group joined)"))->setEnabled(false);
}

} // namespace Shoal::Tray
