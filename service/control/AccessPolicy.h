#pragma once

#include "service/control/PeerCredentials.h"

#include <QString>
#include <optional>

namespace Shoal {

// Who may change the daemon through the control channel (join, leave, flush): the daemon's
// own user, root, and members of the configured admin group. Everyone may read.
class AccessPolicy
{
public:
    AccessPolicy(qint64 daemonUid, std::optional<quint32> adminGid)
        : m_daemonUid(daemonUid)
        , m_adminGid(adminGid)
    {}

    // The daemon's effective uid and the named group ("" for none). An admin group that does
    // not exist is reported through `error` and leaves the policy without one.
    static AccessPolicy forThisProcess(const QString &adminGroup, QString *error = nullptr);

    // Empty when `credentials` may change things, else the reason in words.
    QString refusalReason(const PeerCredentials &credentials) const;
    bool mayChange(const PeerCredentials &credentials) const
    {
        return refusalReason(credentials).isEmpty();
    }

private:
    qint64 m_daemonUid;
    std::optional<quint32> m_adminGid;
};

} // namespace Shoal
