#pragma once

#include "app/Health.h"

#include <QObject>
#include <QString>
#include <optional>

namespace Shoal::Tray {

class StatusModel;

// Decides when the user is told that an outage began or ended: whenever the daemon's outage
// state differs from the last one seen while connected. Losing the daemon in between tells
// nothing by itself, so a daemon restart during an outage does not announce it twice; meeting
// a daemon that is already in an outage does announce it.
class OutageNotifier : public QObject
{
    Q_OBJECT

public:
    explicit OutageNotifier(const StatusModel &status, QObject *parent = nullptr);

signals:
    void notify(const QString &title, const QString &text, bool outage);

private:
    void onChanged();

    const StatusModel &m_status;
    std::optional<bool> m_lastOutage;
};

} // namespace Shoal::Tray
