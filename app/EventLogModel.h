#pragma once

#include "app/DaemonConnection.h"
#include "shared/control/ControlTypes.h"

#include <QAbstractTableModel>
#include <QList>

namespace Shoal::Tray {

// The Events tab: the daemon's user-facing event log (outage began, peer came, group joined),
// newest last. Loaded in full ("events") on every connection, since a restarted daemon starts
// a new log, then extended by the events the daemon pushes. Counters events are not part of
// the log. Bounded like the daemon's own log.
class EventLogModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        TimeColumn,
        KindColumn,
        SubjectColumn,
        TextColumn,
        ColumnCount
    };

    explicit EventLogModel(DaemonConnection &connection, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    const QList<Control::Event> &events() const { return m_events; }
    static int capacity();

private:
    void reload();
    void onLog(const QJsonObject &result);
    void onEvent(const Control::Event &event);
    void trim();

    DaemonConnection &m_connection;
    QList<Control::Event> m_events;
};

} // namespace Shoal::Tray
