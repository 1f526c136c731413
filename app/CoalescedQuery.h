#pragma once

#include "app/DaemonConnection.h"

#include <QJsonObject>
#include <QObject>
#include <QString>
#include <functional>

namespace Shoal::Tray {

// One read-only request that a model repeats whenever something changed ("status", "peers",
// "groups"). Triggers while a request is in flight are folded into one more request after it,
// so a burst of events costs at most two round trips and replies never arrive out of order.
class CoalescedQuery
{
public:
    using Handler = std::function<void(const QJsonObject &result)>;

    CoalescedQuery(DaemonConnection &connection, QObject *context, QString method, Handler onReply);

    void trigger();
    bool inFlight() const { return m_inFlight; }

private:
    void send();
    void finish();

    DaemonConnection &m_connection;
    QObject *m_context;
    QString m_method;
    Handler m_onReply;
    bool m_inFlight = false;
    bool m_again = false;
};

} // namespace Shoal::Tray
