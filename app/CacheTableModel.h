#pragma once

#include "app/DaemonConnection.h"
#include "shared/control/ControlTypes.h"

#include <QAbstractTableModel>
#include <QElapsedTimer>
#include <QList>
#include <QTimer>

namespace Shoal::Tray {

// The Cache tab's table: the daemon's cache entries, filtered, sorted and paged by the daemon
// ("cache" method). Only the pages the view scrolls to are fetched (canFetchMore/fetchMore),
// so a cache of 100,000 entries costs the tray one page at a time. Changing the filter or the
// sort order starts over from the first page; replies to an older query are ignored. TTLs
// count down locally between fetches.
class CacheTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        NameColumn,
        TypeColumn,
        DataColumn,
        TtlColumn,
        SourceColumn,
        HitsColumn,
        ColumnCount
    };

    explicit CacheTableModel(DaemonConnection &connection, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    void setNameFilter(const QString &text);
    void setStaleOnly(bool staleOnly);
    void setPageSize(int entries);
    // Starts over from the first page with the current filter and order.
    void reload();

    // Entries matching the filter in the daemon, loaded or not.
    int totalCount() const { return m_total; }
    bool isLoading() const { return m_loading; }
    const Control::CacheEntry &entryAt(int row) const { return m_entries.at(row).entry; }
    const Control::CacheQuery &query() const { return m_query; }
    // Entries the daemon sent without a name or type, ignored.
    quint64 droppedEntries() const { return m_droppedEntries; }

signals:
    // A page arrived (or the first one of a new query).
    void pageLoaded();
    void loadFailed(const QString &message);

private:
    struct Row
    {
        Control::CacheEntry entry;
        qint64 fetchedAtMs = 0; // on m_clock
    };

    void requestPage(int offset);
    void onPage(int generation, const QJsonObject &result);
    void onEvent(const Control::Event &event);
    QList<Control::CacheEntry> usableEntries(const QList<Control::CacheEntry> &entries);
    void tick();
    qint64 ttlLeft(const Row &row) const;
    QString displayText(const Row &row, int column) const;
    QString ttlText(const Row &row) const;
    QString sourceText(const Control::CacheEntry &entry) const;

    DaemonConnection &m_connection;
    Control::CacheQuery m_query;
    QList<Row> m_entries;
    int m_total = 0;
    int m_generation = 0;
    bool m_loading = false;
    quint64 m_droppedEntries = 0;
    QElapsedTimer m_clock;
    QTimer m_ticker;
};

} // namespace Shoal::Tray
