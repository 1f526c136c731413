#include "app/EventLogModel.h"

#include "app/ControlRequests.h"
#include "app/DisplayText.h"
#include "shared/control/ControlJson.h"
#include "shared/control/ControlProtocol.h"

#include <QJsonArray>

namespace Shoal::Tray {

namespace {

using namespace Qt::StringLiterals;

} // namespace

EventLogModel::EventLogModel(DaemonConnection &connection, QObject *parent)
    : QAbstractTableModel(parent)
    , m_connection(connection)
{
    connect(&connection, &DaemonConnection::connected, this, &EventLogModel::reload);
    connect(&connection, &DaemonConnection::eventReceived, this, &EventLogModel::onEvent);
}

int EventLogModel::capacity()
{
    return Control::maxEventsPerCall;
}

void EventLogModel::reload()
{
    m_connection.request(Control::Method::events, ControlRequests::events(0, capacity()), this,
                         [this](const QJsonObject &result) { onLog(result); });
}

// Events pushed before this reply were logged before the reply was written, so the reply holds
// them: it replaces everything shown.
void EventLogModel::onLog(const QJsonObject &result)
{
    beginResetModel();
    m_events.clear();
    const QJsonArray events = result["events"_L1].toArray();
    for (const QJsonValue &value : events) {
        const auto event = Control::eventFromJson(value.toObject());
        if (event && event->kind != Control::EventKind::Counters)
            m_events.append(*event);
    }
    endResetModel();
}

void EventLogModel::onEvent(const Control::Event &event)
{
    if (event.kind == Control::EventKind::Counters)
        return;
    if (!m_events.isEmpty() && event.id <= m_events.constLast().id)
        return;
    const int row = int(m_events.size());
    beginInsertRows({}, row, row);
    m_events.append(event);
    endInsertRows();
    trim();
}

void EventLogModel::trim()
{
    const int excess = int(m_events.size()) - capacity();
    if (excess <= 0)
        return;
    beginRemoveRows({}, 0, excess - 1);
    m_events.remove(0, excess);
    endRemoveRows();
}

int EventLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_events.size());
}

int EventLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EventLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid) || role != Qt::DisplayRole)
        return {};
    const Control::Event &event = m_events.at(index.row());
    switch (index.column()) {
    case TimeColumn:
        return DisplayText::time(event.timeMs);
    case KindColumn:
        return DisplayText::eventKind(event.kind);
    case SubjectColumn:
        return event.subject;
    case TextColumn:
        return event.text;
    }
    return {};
}

QVariant EventLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case KindColumn:
        return tr("Event");
    case SubjectColumn:
        return tr("Concerns");
    case TextColumn:
        return tr("Details (from shoald)");
    }
    return {};
}

} // namespace Shoal::Tray
