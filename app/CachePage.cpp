#include "app/CachePage.h"

#include "app/CacheTableModel.h"
#include "app/ControlRequests.h"
#include "app/DaemonConnection.h"
#include "app/GroupActions.h"
#include "shared/control/ControlProtocol.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>
#include <memory>
#include <utility>

namespace Shoal::Tray {

namespace {

constexpr int filterDelayMs = 300;

} // namespace

CachePage::CachePage(CacheTableModel &model, DaemonConnection &connection, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_connection(connection)
{
    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("cacheFilter"));
    m_filter->setPlaceholderText(tr("Filter by name"));
    m_filter->setAccessibleName(tr("Filter the cache by name"));
    m_filter->setClearButtonEnabled(true);
    auto *filterLabel = new QLabel(tr("&Filter:"), this);
    filterLabel->setBuddy(m_filter);
    m_staleOnly = new QCheckBox(tr("S&tale only"), this);
    m_refresh = new QPushButton(tr("&Refresh"), this);

    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("cacheTable"));
    m_view->setAccessibleName(tr("Cache entries"));
    m_view->setModel(&model);
    m_view->setSortingEnabled(true);
    m_view->horizontalHeader()->setSortIndicator(CacheTableModel::NameColumn, Qt::AscendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->verticalHeader()->hide();
    // One line per entry, so every row has the same height however large the cache; the
    // records column takes the room that is left.
    m_view->setWordWrap(false);
    m_view->horizontalHeader()->setSectionResizeMode(CacheTableModel::DataColumn,
                                                     QHeaderView::Stretch);
    m_view->setColumnWidth(CacheTableModel::NameColumn, 220);
    m_view->setColumnWidth(CacheTableModel::TypeColumn, 60);
    m_view->setColumnWidth(CacheTableModel::TtlColumn, 80);
    m_view->setColumnWidth(CacheTableModel::SourceColumn, 110);
    m_view->setColumnWidth(CacheTableModel::HitsColumn, 60);

    m_summary = new QLabel(this);
    m_flushSelected = new QPushButton(tr("Flush selecte&d"), this);
    m_flushSelected->setAccessibleName(tr("Remove the selected names from the cache"));
    m_flushAll = new QPushButton(tr("Flush &all..."), this);
    m_flushAll->setAccessibleName(tr("Remove everything from the cache"));

    auto *top = new QHBoxLayout;
    top->addWidget(filterLabel);
    top->addWidget(m_filter, 1);
    top->addWidget(m_staleOnly);
    top->addWidget(m_refresh);
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_summary, 1);
    bottom->addWidget(m_flushSelected);
    bottom->addWidget(m_flushAll);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_view);
    layout->addLayout(bottom);

    m_filterDelay.setSingleShot(true);
    m_filterDelay.setInterval(filterDelayMs);
    connect(m_filter, &QLineEdit::textChanged, &m_filterDelay, qOverload<>(&QTimer::start));
    connect(&m_filterDelay, &QTimer::timeout, this,
            [this] { m_model.setNameFilter(m_filter->text().trimmed()); });
    connect(m_staleOnly, &QCheckBox::toggled, &model, &CacheTableModel::setStaleOnly);
    connect(m_refresh, &QPushButton::clicked, &model, &CacheTableModel::reload);
    connect(m_flushSelected, &QPushButton::clicked, this, &CachePage::flushSelected);
    connect(m_flushAll, &QPushButton::clicked, this, &CachePage::flushAll);
    connect(&model, &CacheTableModel::pageLoaded, this, &CachePage::updateSummary);
    connect(&model, &QAbstractItemModel::modelReset, this, &CachePage::updateSummary);
    connect(&model, &CacheTableModel::loadFailed, m_summary, &QLabel::setText);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &CachePage::updateButtons);
    connect(&model, &QAbstractItemModel::modelReset, this, &CachePage::updateButtons);
    updateSummary();
    updateButtons();
}

void CachePage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_model.reload();
}

QStringList CachePage::selectedNames() const
{
    QStringList names;
    for (const QModelIndex &index : m_view->selectionModel()->selectedRows()) {
        const QString name = m_model.entryAt(index.row()).name;
        if (!names.contains(name))
            names.append(name);
    }
    return names;
}

void CachePage::updateSummary()
{
    const QLocale locale;
    m_summary->setText(
        tr("%1 of %2 entries loaded")
            .arg(locale.toString(m_model.rowCount()), locale.toString(m_model.totalCount())));
}

void CachePage::updateButtons()
{
    m_flushSelected->setEnabled(m_view->selectionModel()->hasSelection());
}

void CachePage::flushSelected()
{
    const QStringList names = selectedNames();
    if (!names.isEmpty())
        sendFlush(names);
}

void CachePage::flushAll()
{
    const auto answer = QMessageBox::question(
        this, tr("Flush the cache"),
        tr("Remove every entry from shoald's cache? During an outage the cache is what keeps "
           "names working."),
        QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer == QMessageBox::Yes)
        sendFlush({QString()});
}

// One request per name; the user hears once, after the last answer or at the first refusal.
void CachePage::sendFlush(const QStringList &names)
{
    auto remaining = std::make_shared<int>(int(names.size()));
    auto failedAlready = std::make_shared<bool>(false);
    for (const QString &name : names) {
        m_connection.request(
            Control::Method::flush, ControlRequests::flush(name), this,
            [this, remaining, failedAlready](const QJsonObject &) {
                if (--*remaining == 0 && !*failedAlready)
                    emit flushFinished(true, tr("Flushed."));
            },
            [this, failedAlready](const QString &code, const QString &message) {
                if (std::exchange(*failedAlready, true))
                    return;
                const QString text = GroupActions::refusalText(tr("Flushing"), code, message);
                emit flushFinished(false, text);
                QMessageBox::warning(this, tr("Shoal"), text);
            });
    }
}

} // namespace Shoal::Tray
