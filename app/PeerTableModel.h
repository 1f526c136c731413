#pragma once

#include "app/CoalescedQuery.h"
#include "app/DaemonConnection.h"
#include "shared/control/ControlTypes.h"

#include <QAbstractTableModel>
#include <QList>
#include <QStringList>

namespace Shoal::Tray {

// The Peers tab: one row per peer daemon (node id), with every group this node shares with it.
// The daemon lists one entry per (group, peer); the rows merge them. Reloaded when connected,
// when peers come or go, when groups change, and with each counters event (for "last seen").
class PeerTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        HostColumn,
        AddressColumn,
        GroupsColumn,
        UpstreamColumn,
        CacheColumn,
        LastSeenColumn,
        ColumnCount
    };

    struct Row
    {
        QString nodeId;
        QString host;
        QString address;
        QStringList groups;
        bool upstreamUp = true;
        quint64 cacheEntries = 0;
        qint64 lastSeenMs = 0;
    };

    explicit PeerTableModel(DaemonConnection &connection, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    const QList<Row> &rows() const { return m_rows; }
    void refresh() { m_query.trigger(); }

    // Merges the daemon's (group, peer) entries into one row per node, sorted by host.
    static QList<Row> mergeByNode(const QList<Control::Peer> &peers);

private:
    void onPeers(const QJsonObject &result);
    void onEvent(const Control::Event &event);
    QString displayText(const Row &row, int column) const;

    CoalescedQuery m_query;
    QList<Row> m_rows;
};

} // namespace Shoal::Tray
