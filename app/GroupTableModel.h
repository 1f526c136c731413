#pragma once

#include "app/CoalescedQuery.h"
#include "app/DaemonConnection.h"
#include "shared/control/ControlTypes.h"

#include <QAbstractTableModel>
#include <QList>

namespace Shoal::Tray {

// The groups this daemon has joined, for the Groups tab and the tray menu's Groups submenu.
// Reloaded when connected, when a group is joined or left, and when peers come or go (the
// member counts).
class GroupTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        NameColumn,
        MembersColumn,
        KeyColumn,
        AddressColumn,
        SharingColumn,
        ColumnCount
    };

    explicit GroupTableModel(DaemonConnection &connection, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    const QList<Control::Group> &groups() const { return m_groups; }
    QString nameAt(int row) const;
    void refresh() { m_query.trigger(); }

private:
    void onGroups(const QJsonObject &result);
    void onEvent(const Control::Event &event);
    QString displayText(const Control::Group &group, int column) const;

    CoalescedQuery m_query;
    QList<Control::Group> m_groups;
};

} // namespace Shoal::Tray
