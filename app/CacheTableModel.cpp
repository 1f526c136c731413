#include "app/CacheTableModel.h"

#include "app/ControlRequests.h"
#include "shared/LogCategories.h"
#include "shared/control/ControlJson.h"
#include "shared/control/ControlProtocol.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QLocale>
#include <QStringList>
#include <algorithm>

namespace Shoal::Tray {

namespace {

using namespace Qt::StringLiterals;

constexpr int tickMs = 1000;

std::optional<Control::CacheSort> sortFor(int column)
{
    switch (column) {
    case CacheTableModel::NameColumn:
        return Control::CacheSort::Name;
    case CacheTableModel::TypeColumn:
        return Control::CacheSort::Type;
    case CacheTableModel::TtlColumn:
        return Control::CacheSort::Ttl;
    case CacheTableModel::SourceColumn:
        return Control::CacheSort::Source;
    case CacheTableModel::HitsColumn:
        return Control::CacheSort::Hits;
    }
    return std::nullopt;
}

QString recordsText(const Control::CacheEntry &entry)
{
    QStringList parts;
    for (const Control::CacheRecord &record : entry.records)
        parts.append(record.data);
    return parts.join(u"; "_s);
}

} // namespace

CacheTableModel::CacheTableModel(DaemonConnection &connection, QObject *parent)
    : QAbstractTableModel(parent)
    , m_connection(connection)
{
    m_query.limit = 500;
    m_clock.start();
    m_ticker.setInterval(tickMs);
    connect(&m_ticker, &QTimer::timeout, this, &CacheTableModel::tick);
    connect(&connection, &DaemonConnection::connected, this, &CacheTableModel::reload);
    connect(&connection, &DaemonConnection::eventReceived, this, &CacheTableModel::onEvent);
}

void CacheTableModel::onEvent(const Control::Event &event)
{
    if (event.kind == Control::EventKind::CacheFlushed)
        reload();
}

void CacheTableModel::setNameFilter(const QString &text)
{
    if (text == m_query.nameContains)
        return;
    m_query.nameContains = text;
    reload();
}

void CacheTableModel::setStaleOnly(bool staleOnly)
{
    if (staleOnly == m_query.staleOnly)
        return;
    m_query.staleOnly = staleOnly;
    reload();
}

void CacheTableModel::setPageSize(int entries)
{
    m_query.limit = std::clamp(entries, 1, Control::maxCachePageSize);
}

void CacheTableModel::sort(int column, Qt::SortOrder order)
{
    const auto key = sortFor(column);
    if (!key)
        return;
    m_query.sort = *key;
    m_query.descending = order == Qt::DescendingOrder;
    reload();
}

void CacheTableModel::reload()
{
    ++m_generation;
    m_loading = false;
    beginResetModel();
    m_entries.clear();
    m_total = 0;
    endResetModel();
    m_ticker.stop();
    requestPage(0);
}

bool CacheTableModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_loading && m_entries.size() < m_total;
}

void CacheTableModel::fetchMore(const QModelIndex &parent)
{
    if (canFetchMore(parent))
        requestPage(int(m_entries.size()));
}

void CacheTableModel::requestPage(int offset)
{
    if (!m_connection.isConnected())
        return;
    Control::CacheQuery query = m_query;
    query.offset = offset;
    m_loading = true;
    const int generation = m_generation;
    m_connection.request(
        Control::Method::cache, ControlRequests::cache(query), this,
        [this, generation](const QJsonObject &result) { onPage(generation, result); },
        [this, generation](const QString &, const QString &message) {
            if (generation != m_generation)
                return;
            m_loading = false;
            emit loadFailed(message);
        });
}

void CacheTableModel::onPage(int generation, const QJsonObject &result)
{
    if (generation != m_generation)
        return;
    m_loading = false;
    const Control::CachePage page = Control::cachePageFromJson(result);
    m_total = page.total;
    if (page.offset != m_entries.size() || page.entries.isEmpty()) {
        emit pageLoaded();
        return;
    }
    const QList<Control::CacheEntry> entries = usableEntries(page.entries);
    m_total = std::max(m_total, int(m_entries.size() + entries.size()));
    if (entries.isEmpty()) {
        m_total = int(m_entries.size()); // nothing usable came: do not ask again
        emit pageLoaded();
        return;
    }
    const qint64 now = m_clock.elapsed();
    const int first = int(m_entries.size());
    beginInsertRows({}, first, first + int(entries.size()) - 1);
    for (const Control::CacheEntry &entry : entries)
        m_entries.append(Row{entry, now});
    endInsertRows();
    m_ticker.start();
    emit pageLoaded();
}

// The codec reads anything as an entry; one without a name or type is not from a sane daemon.
QList<Control::CacheEntry> CacheTableModel::usableEntries(const QList<Control::CacheEntry> &entries)
{
    QList<Control::CacheEntry> usable;
    usable.reserve(entries.size());
    for (const Control::CacheEntry &entry : entries) {
        if (!entry.name.isEmpty() && !entry.type.isEmpty())
            usable.append(entry);
    }
    const qsizetype dropped = entries.size() - usable.size();
    if (dropped > 0) {
        m_droppedEntries += quint64(dropped);
        qCWarning(lcTray) << "cache entries without name or type dropped" << dropped;
    }
    return usable;
}

void CacheTableModel::tick()
{
    if (!m_entries.isEmpty())
        emit dataChanged(index(0, TtlColumn), index(int(m_entries.size()) - 1, TtlColumn),
                         {Qt::DisplayRole});
}

qint64 CacheTableModel::ttlLeft(const Row &row) const
{
    const qint64 elapsedSeconds = (m_clock.elapsed() - row.fetchedAtMs) / 1000;
    return std::max<qint64>(0, row.entry.ttlLeft - elapsedSeconds);
}

int CacheTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int CacheTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString CacheTableModel::ttlText(const Row &row) const
{
    if (row.entry.stale)
        return tr("stale");
    const qint64 left = ttlLeft(row);
    return left > 0 ? tr("%1 s").arg(QLocale().toString(left)) : tr("expired");
}

QString CacheTableModel::sourceText(const Control::CacheEntry &entry) const
{
    if (entry.source == "peer"_L1)
        return entry.peer.isEmpty() ? tr("peer") : tr("peer %1").arg(entry.peer);
    if (entry.source == "upstream"_L1)
        return tr("DNS server");
    return entry.source;
}

QString CacheTableModel::displayText(const Row &row, int column) const
{
    const Control::CacheEntry &entry = row.entry;
    switch (column) {
    case NameColumn:
        return entry.name;
    case TypeColumn:
        return entry.type;
    case DataColumn:
        if (entry.negative == "nxdomain"_L1)
            return tr("(name does not exist)");
        if (entry.negative == "nodata"_L1)
            return tr("(no record of this type)");
        return recordsText(entry);
    case TtlColumn:
        return ttlText(row);
    case SourceColumn:
        return sourceText(entry);
    case HitsColumn:
        return QLocale().toString(entry.hits);
    }
    return {};
}

QVariant CacheTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Row &row = m_entries.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return displayText(row, index.column());
    case Qt::ForegroundRole:
        if (row.entry.stale)
            return QBrush(QColor(0x9a, 0x5b, 0x00));
        return {};
    case Qt::BackgroundRole:
        if (row.entry.source == "peer"_L1)
            return QBrush(QColor(0xe4, 0xee, 0xfb));
        return {};
    case Qt::FontRole:
        if (row.entry.stale) {
            QFont font;
            font.setItalic(true);
            return font;
        }
        return {};
    case Qt::ToolTipRole:
        if (row.entry.stale)
            return tr("Expired, kept to answer while the DNS server is down.");
        if (row.entry.source == "peer"_L1)
            return tr("Learned from a peer, not from the DNS server.");
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == TtlColumn || index.column() == HitsColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    }
    return {};
}

QVariant CacheTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Name");
    case TypeColumn:
        return tr("Type");
    case DataColumn:
        return tr("Data");
    case TtlColumn:
        return tr("TTL left");
    case SourceColumn:
        return tr("Source");
    case HitsColumn:
        return tr("Hits");
    }
    return {};
}

} // namespace Shoal::Tray
