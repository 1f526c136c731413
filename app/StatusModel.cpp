#include "app/StatusModel.h"

#include "shared/control/ControlJson.h"
#include "shared/control/ControlProtocol.h"

#include <QDateTime>

namespace Shoal::Tray {

StatusModel::StatusModel(DaemonConnection &connection, QObject *parent)
    : QObject(parent)
    , m_connection(connection)
    , m_query(connection, this, Control::Method::status,
              [this](const QJsonObject &result) { onStatus(result); })
    , m_now([] { return QDateTime::currentMSecsSinceEpoch(); })
{
    m_healthSinceMs = m_now();
    connect(&connection, &DaemonConnection::connected, this, &StatusModel::refresh);
    connect(&connection, &DaemonConnection::stateChanged, this, &StatusModel::onStateChanged);
    connect(&connection, &DaemonConnection::eventReceived, this, &StatusModel::onEvent);
}

void StatusModel::onStateChanged(DaemonConnection::State state)
{
    if (state != DaemonConnection::State::Unreachable)
        return;
    m_hasStatus = false;
    m_history.rebase();
    setHealth(Health::Unreachable, m_now());
    emit changed();
}

void StatusModel::onEvent(const Control::Event &event)
{
    if (event.kind == Control::EventKind::OutageEnded)
        m_outageEndedMs = event.timeMs;
    refresh();
}

void StatusModel::onStatus(const QJsonObject &result)
{
    m_status = Control::statusFromJson(result);
    m_hasStatus = true;
    m_history.add(m_status.nowMs > 0 ? m_status.nowMs : m_now(), m_status.totals);
    if (m_status.outage)
        setHealth(Health::Outage, m_status.outageSinceMs);
    else
        setHealth(Health::Healthy, m_outageEndedMs > 0 ? m_outageEndedMs : m_status.startedMs);
    emit changed();
}

void StatusModel::setHealth(Health health, qint64 sinceMs)
{
    const Health previous = m_health;
    if (previous == health && m_healthSinceMs != 0)
        return;
    m_health = health;
    m_healthSinceMs = sinceMs;
    if (previous != health)
        emit healthChanged(previous, health);
}

} // namespace Shoal::Tray
