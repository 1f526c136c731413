#include "app/GroupsPage.h"

#include "app/GroupActions.h"
#include "app/GroupTableModel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace Shoal::Tray {

GroupsPage::GroupsPage(GroupTableModel &model, GroupActions &actions, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_actions(actions)
{
    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("groupsTable"));
    m_view->setAccessibleName(tr("Joined groups"));
    m_view->setModel(&model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);

    m_join = new QPushButton(tr("&Join group..."), this);
    m_join->setAccessibleName(tr("Join a group"));
    m_leave = new QPushButton(tr("&Leave group..."), this);
    m_leave->setAccessibleName(tr("Leave the selected group"));
    connect(m_join, &QPushButton::clicked, this, [this] { m_actions.join(this); });
    connect(m_leave, &QPushButton::clicked, this, [this] {
        const QString group = selectedGroup();
        if (!group.isEmpty())
            m_actions.leave(group, this);
    });

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_join);
    buttons->addWidget(m_leave);
    buttons->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_view);
    layout->addLayout(buttons);

    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &GroupsPage::updateButtons);
    connect(&model, &QAbstractItemModel::modelReset, this, [this] {
        m_view->resizeColumnsToContents();
        updateButtons();
    });
    updateButtons();
}

QString GroupsPage::selectedGroup() const
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : m_model.nameAt(rows.first().row());
}

void GroupsPage::updateButtons()
{
    m_leave->setEnabled(!selectedGroup().isEmpty());
}

} // namespace Shoal::Tray
