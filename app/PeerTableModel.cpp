#include "app/PeerTableModel.h"

#include "app/DisplayText.h"
#include "shared/control/ControlJson.h"
#include "shared/control/ControlProtocol.h"

#include <QColor>
#include <QJsonArray>
#include <QLocale>
#include <algorithm>
#include <tuple>

namespace Shoal::Tray {

namespace {

using namespace Qt::StringLiterals;

} // namespace

PeerTableModel::PeerTableModel(DaemonConnection &connection, QObject *parent)
    : QAbstractTableModel(parent)
    , m_query(connection, this, Control::Method::peers,
              [this](const QJsonObject &result) { onPeers(result); })
{
    connect(&connection, &DaemonConnection::connected, this, &PeerTableModel::refresh);
    connect(&connection, &DaemonConnection::eventReceived, this, &PeerTableModel::onEvent);
}

void PeerTableModel::onEvent(const Control::Event &event)
{
    switch (event.kind) {
    case Control::EventKind::PeerCame:
    case Control::EventKind::PeerWent:
    case Control::EventKind::GroupJoined:
    case Control::EventKind::GroupLeft:
    case Control::EventKind::Counters:
        refresh();
        break;
    default:
        break;
    }
}

QList<PeerTableModel::Row> PeerTableModel::mergeByNode(const QList<Control::Peer> &peers)
{
    QList<Row> rows;
    for (const Control::Peer &peer : peers) {
        if (peer.nodeId.isEmpty())
            continue; // not a peer a sane daemon would list
        auto found = std::find_if(rows.begin(), rows.end(),
                                  [&](const Row &row) { return row.nodeId == peer.nodeId; });
        if (found == rows.end()) {
            rows.append(Row{peer.nodeId,
                            peer.host,
                            peer.address,
                            {},
                            peer.upstreamUp,
                            peer.cacheEntries,
                            peer.lastSeenMs});
            found = rows.end() - 1;
        }
        if (!found->groups.contains(peer.group))
            found->groups.append(peer.group);
        if (peer.lastSeenMs > found->lastSeenMs) {
            found->lastSeenMs = peer.lastSeenMs;
            found->upstreamUp = peer.upstreamUp;
            found->cacheEntries = peer.cacheEntries;
        }
    }
    for (Row &row : rows)
        row.groups.sort();
    std::sort(rows.begin(), rows.end(), [](const Row &a, const Row &b) {
        return std::tie(a.host, a.nodeId) < std::tie(b.host, b.nodeId);
    });
    return rows;
}

void PeerTableModel::onPeers(const QJsonObject &result)
{
    beginResetModel();
    m_rows = mergeByNode(Control::peersFromJson(result["peers"_L1].toArray()));
    endResetModel();
}

int PeerTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int PeerTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString PeerTableModel::displayText(const Row &row, int column) const
{
    switch (column) {
    case HostColumn:
        return row.host.isEmpty() ? row.nodeId : row.host;
    case AddressColumn:
        return row.address;
    case GroupsColumn:
        return row.groups.join(u", "_s);
    case UpstreamColumn:
        return row.upstreamUp ? tr("reaches its DNS server") : tr("in outage");
    case CacheColumn:
        return QLocale().toString(row.cacheEntries);
    case LastSeenColumn:
        return DisplayText::time(row.lastSeenMs);
    }
    return {};
}

QVariant PeerTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Row &row = m_rows.at(index.row());
    if (role == Qt::DisplayRole)
        return displayText(row, index.column());
    if (role == Qt::ToolTipRole)
        return tr("Node %1").arg(row.nodeId);
    if (role == Qt::ForegroundRole && index.column() == UpstreamColumn && !row.upstreamUp)
        return QColor(0xb0, 0x60, 0x00);
    if (role == Qt::TextAlignmentRole && index.column() == CacheColumn)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant PeerTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case HostColumn:
        return tr("Host");
    case AddressColumn:
        return tr("Address");
    case GroupsColumn:
        return tr("Groups");
    case UpstreamColumn:
        return tr("DNS server");
    case CacheColumn:
        return tr("Cached entries");
    case LastSeenColumn:
        return tr("Last seen");
    }
    return {};
}

} // namespace Shoal::Tray
