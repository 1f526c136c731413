#include "service/control/AccessPolicy.h"

#include <QByteArray>

#ifdef Q_OS_UNIX
#include <grp.h>
#include <unistd.h>
#include <vector>
#endif

namespace Shoal {

namespace {

std::optional<quint32> groupIdOf(const QString &name)
{
#ifdef Q_OS_UNIX
    const QByteArray encoded = name.toLocal8Bit();
    std::vector<char> buffer(16 * 1024);
    group entry{};
    group *found = nullptr;
    if (getgrnam_r(encoded.constData(), &entry, buffer.data(), buffer.size(), &found) == 0 && found)
        return quint32(found->gr_gid);
#else
    Q_UNUSED(name);
#endif
    return std::nullopt;
}

qint64 effectiveUid()
{
#ifdef Q_OS_UNIX
    return qint64(geteuid());
#else
    return -1;
#endif
}

} // namespace

AccessPolicy AccessPolicy::forThisProcess(const QString &adminGroup, QString *error)
{
    std::optional<quint32> adminGid;
    if (!adminGroup.isEmpty()) {
        adminGid = groupIdOf(adminGroup);
        if (!adminGid && error)
            *error = QStringLiteral("admin group %1 does not exist").arg(adminGroup);
    }
    return AccessPolicy(effectiveUid(), adminGid);
}

QString AccessPolicy::refusalReason(const PeerCredentials &credentials) const
{
    if (!credentials.known())
        return QStringLiteral("the daemon cannot tell which user is connected");
    if (credentials.uid == 0 || credentials.uid == m_daemonUid)
        return {};
    if (m_adminGid && credentials.groups.contains(*m_adminGid))
        return {};
    if (m_adminGid) {
        return QStringLiteral("uid %1 is neither root, the daemon's user (uid %2) nor in its "
                              "admin group (gid %3)")
            .arg(credentials.uid)
            .arg(m_daemonUid)
            .arg(*m_adminGid);
    }
    return QStringLiteral("uid %1 is neither root nor the daemon's user (uid %2), and no admin "
                          "group is configured")
        .arg(credentials.uid)
        .arg(m_daemonUid);
}

} // namespace Shoal
