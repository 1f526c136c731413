#pragma once

#include "app/AnswerHistory.h"
#include "app/CoalescedQuery.h"
#include "app/DaemonConnection.h"
#include "app/Health.h"
#include "shared/control/ControlTypes.h"

#include <QObject>
#include <functional>

namespace Shoal::Tray {

// The daemon's state as the tray shows it: the last "status" reply, the health it means
// (healthy, outage, unreachable) and since when. Reloaded when connected and on every event
// that can change it, including the periodic counters event, each of which also feeds the
// answers-by-source history of the Overview chart.
class StatusModel : public QObject
{
    Q_OBJECT

public:
    using NowFunction = std::function<qint64()>;

    explicit StatusModel(DaemonConnection &connection, QObject *parent = nullptr);

    // Wall-clock time in epoch milliseconds; tests replace it.
    void setNowFunction(NowFunction now) { m_now = std::move(now); }

    Health health() const { return m_health; }
    // When the current health began (epoch ms); 0 when unknown.
    qint64 healthSinceMs() const { return m_healthSinceMs; }
    // Whether a status reply has arrived since the last (re)connection.
    bool hasStatus() const { return m_hasStatus; }
    const Control::Status &status() const { return m_status; }
    const AnswerHistory &history() const { return m_history; }
    bool mayChange() const { return m_connection.mayChange(); }
    QString problem() const { return m_connection.problem(); }

    // Asks the daemon for a fresh status now.
    void refresh() { m_query.trigger(); }

signals:
    void changed();
    void healthChanged(Shoal::Tray::Health previous, Shoal::Tray::Health current);

private:
    void onStateChanged(DaemonConnection::State state);
    void onEvent(const Control::Event &event);
    void onStatus(const QJsonObject &result);
    void setHealth(Health health, qint64 sinceMs);

    DaemonConnection &m_connection;
    CoalescedQuery m_query;
    NowFunction m_now;
    Control::Status m_status;
    AnswerHistory m_history;
    Health m_health = Health::Unreachable;
    qint64 m_healthSinceMs = 0;
    qint64 m_outageEndedMs = 0; // from the outage.ended event, for "healthy since"
    bool m_hasStatus = false;
};

} // namespace Shoal::Tray
