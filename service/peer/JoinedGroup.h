#pragma once

#include "service/peer/GroupKey.h"

#include <QHostAddress>
#include <QString>
#include <optional>

namespace Shoal {

// A group this node is a member of, as the runtime uses it: where it meets, its key (none for
// an open group) and whether upstream answers are offered to it. `keyFile` and `keyStored`
// only matter for remembering the group across restarts (GroupStore).
struct JoinedGroup
{
    QString name;
    std::optional<GroupKey> key; // nullopt: an open group
    QHostAddress address;
    quint16 port = 0;
    bool share = true;
    QString keyFile;        // where the key was read from or saved to; empty when open
    bool keyStored = false; // the key file was written by this node (a passphrase or secret)
    bool configured = true; // from the configuration (joined at every start, not remembered)

    bool keyed() const { return key.has_value(); }
};

} // namespace Shoal
