#include "app/DisplayText.h"

#include "app/StatusModel.h"

#include <QDateTime>
#include <QLocale>

namespace Shoal::Tray {

QString DisplayText::healthName(Health health)
{
    switch (health) {
    case Health::Healthy:
        return tr("Healthy");
    case Health::Outage:
        return tr("DNS outage");
    case Health::Unreachable:
        return tr("shoald not reachable");
    }
    return {};
}

QString DisplayText::peerCount(int count)
{
    // Two source texts so English needs no translation file; each translation gives both
    // its own plural forms.
    return count == 1 ? tr("%n peer", nullptr, count) : tr("%n peers", nullptr, count);
}

QString DisplayText::stateLine(const StatusModel &status)
{
    const QString since =
        tr("%1 since %2").arg(healthName(status.health()), time(status.healthSinceMs()));
    if (status.health() == Health::Unreachable)
        return since;
    return tr("%1, %2").arg(since, peerCount(status.status().peerCount));
}

QString DisplayText::toolTip(const StatusModel &status)
{
    QString detail;
    switch (status.health()) {
    case Health::Healthy:
        detail = tr("Names are resolved by the DNS server and cached.");
        break;
    case Health::Outage:
        detail = tr("The DNS server does not answer: answering from the cache and from peers.");
        break;
    case Health::Unreachable:
        detail = tr("The tray cannot reach shoald; it keeps trying.");
        break;
    }
    return tr("Shoal: %1\n%2").arg(stateLine(status), detail);
}

QString DisplayText::time(qint64 epochMs)
{
    if (epochMs <= 0)
        return tr("unknown");
    const QDateTime moment = QDateTime::fromMSecsSinceEpoch(epochMs).toLocalTime();
    const QLocale locale;
    if (moment.date() == QDate::currentDate())
        return locale.toString(moment.time(), QLocale::ShortFormat);
    return locale.toString(moment, QLocale::ShortFormat);
}

QString DisplayText::bytes(quint64 bytes)
{
    return QLocale().formattedDataSize(qint64(bytes), 1, QLocale::DataSizeTraditionalFormat);
}

QString DisplayText::eventKind(Control::EventKind kind)
{
    switch (kind) {
    case Control::EventKind::OutageBegan:
        return tr("Outage began");
    case Control::EventKind::OutageEnded:
        return tr("Outage ended");
    case Control::EventKind::UpstreamDown:
        return tr("DNS server down");
    case Control::EventKind::UpstreamUp:
        return tr("DNS server back");
    case Control::EventKind::PeerCame:
        return tr("Peer came");
    case Control::EventKind::PeerWent:
        return tr("Peer went");
    case Control::EventKind::GroupJoined:
        return tr("Group joined");
    case Control::EventKind::GroupLeft:
        return tr("Group left");
    case Control::EventKind::CacheFlushed:
        return tr("Cache flushed");
    case Control::EventKind::Counters:
        return tr("Counters");
    }
    return {};
}

} // namespace Shoal::Tray
