#include "app/CoalescedQuery.h"

#include <utility>

namespace Shoal::Tray {

CoalescedQuery::CoalescedQuery(DaemonConnection &connection, QObject *context, QString method,
                               Handler onReply)
    : m_connection(connection)
    , m_context(context)
    , m_method(std::move(method))
    , m_onReply(std::move(onReply))
{}

void CoalescedQuery::trigger()
{
    if (m_inFlight) {
        m_again = true;
        return;
    }
    send();
}

void CoalescedQuery::send()
{
    if (!m_connection.isConnected())
        return;
    m_inFlight = true;
    m_again = false;
    m_connection.request(
        m_method, {}, m_context,
        [this](const QJsonObject &result) {
            m_onReply(result);
            finish();
        },
        [this](const QString &, const QString &) { finish(); });
}

void CoalescedQuery::finish()
{
    m_inFlight = false;
    if (m_again)
        send();
}

} // namespace Shoal::Tray
