#pragma once

#include "app/CacheTableModel.h"
#include "app/DaemonConnection.h"
#include "app/EventLogModel.h"
#include "app/GroupActions.h"
#include "app/GroupTableModel.h"
#include "app/PeerTableModel.h"
#include "app/StatusModel.h"

#include <QString>

namespace Shoal::Tray {

// Everything the tray knows about the daemon, behind one connection: the models the window
// and the menu are built from, and the group actions. No widgets; tests use it without a
// window.
struct TrayModels
{
    explicit TrayModels(const QString &socketPath);

    DaemonConnection connection;
    StatusModel status;
    PeerTableModel peers;
    GroupTableModel groups;
    CacheTableModel cache;
    EventLogModel events;
    GroupActions groupActions;
};

} // namespace Shoal::Tray
