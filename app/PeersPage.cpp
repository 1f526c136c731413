#include "app/PeersPage.h"

#include "app/PeerTableModel.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

namespace Shoal::Tray {

PeersPage::PeersPage(PeerTableModel &model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
{
    m_summary = new QLabel(this);
    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("peersTable"));
    m_view->setAccessibleName(tr("Peers"));
    m_view->setModel(&model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setAlternatingRowColors(true);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_view);

    connect(&model, &QAbstractItemModel::modelReset, this, &PeersPage::updateSummary);
    updateSummary();
}

void PeersPage::updateSummary()
{
    if (m_model.rowCount() == 0)
        m_summary->setText(tr("No peer heard. Peers appear here once this computer and another "
                              "one have joined the same group."));
    else
        m_summary->setText(
            m_model.rowCount() == 1
                ? tr("%n peer heard in this computer's groups.", nullptr, 1)
                : tr("%n peers heard in this computer's groups.", nullptr, m_model.rowCount()));
    m_view->resizeColumnsToContents();
}

} // namespace Shoal::Tray
