#pragma once

#include <QWidget>

class QPushButton;
class QTableView;

namespace Shoal::Tray {

class GroupActions;
class GroupTableModel;

// The Groups tab: the joined groups with their member counts and whether they are keyed, and
// buttons to join another group or leave the selected one.
class GroupsPage : public QWidget
{
    Q_OBJECT

public:
    GroupsPage(GroupTableModel &model, GroupActions &actions, QWidget *parent = nullptr);

    QTableView *view() const { return m_view; }
    QPushButton *joinButton() const { return m_join; }
    QPushButton *leaveButton() const { return m_leave; }
    QString selectedGroup() const;

private:
    void updateButtons();

    GroupTableModel &m_model;
    GroupActions &m_actions;
    QTableView *m_view = nullptr;
    QPushButton *m_join = nullptr;
    QPushButton *m_leave = nullptr;
};

} // namespace Shoal::Tray
