#include "app/OutageNotifier.h"

#include "app/DisplayText.h"
#include "app/StatusModel.h"

namespace Shoal::Tray {

OutageNotifier::OutageNotifier(const StatusModel &status, QObject *parent)
    : QObject(parent)
    , m_status(status)
{
    connect(&status, &StatusModel::changed, this, &OutageNotifier::onChanged);
}

void OutageNotifier::onChanged()
{
    if (!m_status.hasStatus())
        return;
    const bool outage = m_status.status().outage;
    const bool first = !m_lastOutage.has_value();
    if (m_lastOutage == outage)
        return;
    m_lastOutage = outage;
    if (outage)
        emit notify(tr("DNS outage"),
                    tr("The DNS server has not answered since %1. Shoal answers from its cache "
                       "and from its peers.")
                        .arg(DisplayText::time(m_status.status().outageSinceMs)),
                    true);
    else if (!first)
        emit notify(tr("DNS outage over"), tr("The DNS server answers again."), false);
}

} // namespace Shoal::Tray
