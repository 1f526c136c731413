#pragma once

#include <QHostAddress>
#include <QString>
#include <QtGlobal>

namespace Shoal {

// One interest group the daemon joins, as configured (the peer component gives it life).
// A keyed group signs its messages with the secret in keyFile; an open group has no secret, so
// its members' records are only ever taken as answers to this node's own questions.
struct GroupConfig
{
    QString name;         // canonical, as GroupName::normalized() gives it: "lab"
    QString keyFile;      // absolute path of the group's secret; empty for an open group
    bool open = false;    // true: an open (unkeyed) group
    QHostAddress address; // multicast address; null: derived from the name by the peer component
    quint16 port = 0;     // UDP port; 0: DaemonConfig::peerPort
    bool share = true;    // offer answers got from the upstream to this group

    friend bool operator==(const GroupConfig &, const GroupConfig &) = default;
};

} // namespace Shoal
