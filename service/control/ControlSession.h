#pragma once

#include "service/control/PeerCredentials.h"
#include "shared/control/ControlProtocol.h"

#include <QSet>
#include <QString>

namespace Shoal {

// What the control handler remembers about one connected client between its requests: who it
// is, whether the version handshake is done, and which event topics it subscribed to.
struct ControlSession
{
    PeerCredentials credentials;
    bool greeted = false;
    QString client; // as the client named itself in its hello; for logs only
    QSet<QString> topics;

    bool wants(Control::EventKind kind) const { return topics.contains(Control::eventTopic(kind)); }
};

} // namespace Shoal
