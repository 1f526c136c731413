#pragma once

#include "app/Health.h"
#include "shared/control/ControlTypes.h"

#include <QCoreApplication>
#include <QString>

namespace Shoal::Tray {

class StatusModel;

// The words the tray uses for the daemon's states and values, in one place, so the icon's
// tooltip, the menu's state line, the window and the notifications say the same thing, in the
// user's language.
class DisplayText
{
    Q_DECLARE_TR_FUNCTIONS(Shoal::Tray::DisplayText)

public:
    static QString healthName(Health health);
    // "Outage since 14:02:11 · 3 peers" (the state line of the menu and the window).
    static QString stateLine(const StatusModel &status);
    // The tray icon's tooltip: the state line and one more sentence of explanation.
    static QString toolTip(const StatusModel &status);
    // Local time of day for today's times, date and time for older ones; "—" for 0.
    static QString time(qint64 epochMs);
    static QString bytes(quint64 bytes);
    static QString eventKind(Control::EventKind kind);
    static QString peerCount(int count);
};

} // namespace Shoal::Tray
