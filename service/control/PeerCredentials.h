#pragma once

#include <QList>
#include <QtGlobal>

namespace Shoal {

// Who is at the other end of a control connection, as the kernel reports it (not as the
// client claims): user, primary group and the user's supplementary groups from the group
// database. Unknown (uid -1) where the platform cannot tell; such a client may only read.
struct PeerCredentials
{
    qint64 pid = -1;
    qint64 uid = -1;
    qint64 gid = -1;
    QList<quint32> groups; // supplementary groups of uid (getgrouplist), gid included

    bool known() const { return uid >= 0; }

    // Reads SO_PEERCRED (Linux) or getpeereid (BSD, macOS) from a connected local socket.
    static PeerCredentials ofSocket(qintptr descriptor);
    // The groups the group database lists for `uid`, `gid` among them.
    static QList<quint32> groupsOfUser(qint64 uid, qint64 gid);
};

} // namespace Shoal
