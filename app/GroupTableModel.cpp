#include "app/GroupTableModel.h"

#include "shared/control/ControlJson.h"
#include "shared/control/ControlProtocol.h"

#include <QJsonArray>
#include <QLocale>

namespace Shoal::Tray {

namespace {

using namespace Qt::StringLiterals;

} // namespace

GroupTableModel::GroupTableModel(DaemonConnection &connection, QObject *parent)
    : QAbstractTableModel(parent)
    , m_query(connection, this, Control::Method::groups,
              [this](const QJsonObject &result) { onGroups(result); })
{
    connect(&connection, &DaemonConnection::connected, this, &GroupTableModel::refresh);
    connect(&connection, &DaemonConnection::eventReceived, this, &GroupTableModel::onEvent);
}

void GroupTableModel::onEvent(const Control::Event &event)
{
    switch (event.kind) {
    case Control::EventKind::PeerCame:
    case Control::EventKind::PeerWent:
    case Control::EventKind::GroupJoined:
    case Control::EventKind::GroupLeft:
        refresh();
        break;
    default:
        break;
    }
}

void GroupTableModel::onGroups(const QJsonObject &result)
{
    beginResetModel();
    m_groups = Control::groupsFromJson(result["groups"_L1].toArray());
    m_groups.removeIf([](const Control::Group &group) { return group.name.isEmpty(); });
    endResetModel();
}

QString GroupTableModel::nameAt(int row) const
{
    return row >= 0 && row < m_groups.size() ? m_groups.at(row).name : QString();
}

int GroupTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_groups.size());
}

int GroupTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString GroupTableModel::displayText(const Control::Group &group, int column) const
{
    switch (column) {
    case NameColumn:
        return group.name;
    case MembersColumn:
        return QLocale().toString(group.memberCount);
    case KeyColumn:
        return group.keyed ? tr("keyed") : tr("open (no key)");
    case AddressColumn:
        return u"%1:%2"_s.arg(group.address).arg(group.port);
    case SharingColumn:
        return group.sharing ? tr("shares answers") : tr("asks only");
    }
    return {};
}

QVariant GroupTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Control::Group &group = m_groups.at(index.row());
    if (role == Qt::DisplayRole)
        return displayText(group, index.column());
    if (role == Qt::ToolTipRole && index.column() == KeyColumn && !group.keyed)
        return tr("Anyone on the network can answer in an open group; records are only taken "
                  "for questions this computer asked.");
    if (role == Qt::TextAlignmentRole && index.column() == MembersColumn)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant GroupTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Group");
    case MembersColumn:
        return tr("Members");
    case KeyColumn:
        return tr("Key");
    case AddressColumn:
        return tr("Multicast address");
    case SharingColumn:
        return tr("Sharing");
    }
    return {};
}

} // namespace Shoal::Tray
