#include "app/EventsPage.h"

#include "app/EventLogModel.h"

#include <QHeaderView>
#include <QScrollBar>
#include <QTableView>
#include <QVBoxLayout>

namespace Shoal::Tray {

EventsPage::EventsPage(EventLogModel &model, QWidget *parent)
    : QWidget(parent)
{
    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("eventsTable"));
    m_view->setAccessibleName(tr("Events"));
    m_view->setModel(&model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setColumnWidth(EventLogModel::TimeColumn, 90);
    m_view->setColumnWidth(EventLogModel::KindColumn, 140);
    m_view->setColumnWidth(EventLogModel::SubjectColumn, 140);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_view);

    const auto follow = [this] {
        m_view->scrollToBottom();
    };
    connect(&model, &QAbstractItemModel::modelReset, this, follow);
    connect(&model, &QAbstractItemModel::rowsAboutToBeInserted, this, [this, follow] {
        QScrollBar *bar = m_view->verticalScrollBar();
        if (bar->value() == bar->maximum())
            QMetaObject::invokeMethod(this, follow, Qt::QueuedConnection);
    });
}

} // namespace Shoal::Tray
