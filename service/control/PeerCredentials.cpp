#include "service/control/PeerCredentials.h"

#ifdef Q_OS_UNIX
#include <grp.h>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>
#include <vector>
#endif

namespace Shoal {

#ifdef Q_OS_UNIX

namespace {

// The largest number of groups we look up for one user; more is not seen on real systems,
// and the list must be bounded because getgrouplist grows it on request.
constexpr int maxGroups = 1024;

PeerCredentials kernelCredentials(qintptr descriptor)
{
    PeerCredentials credentials;
#if defined(SO_PEERCRED)
    ucred cred{};
    socklen_t length = sizeof cred;
    if (getsockopt(int(descriptor), SOL_SOCKET, SO_PEERCRED, &cred, &length) == 0 &&
        length == sizeof cred) {
        credentials.pid = cred.pid;
        credentials.uid = cred.uid;
        credentials.gid = cred.gid;
    }
#else
    uid_t uid = 0;
    gid_t gid = 0;
    if (getpeereid(int(descriptor), &uid, &gid) == 0) {
        credentials.uid = uid;
        credentials.gid = gid;
    }
#endif
    return credentials;
}

} // namespace

PeerCredentials PeerCredentials::ofSocket(qintptr descriptor)
{
    PeerCredentials credentials = kernelCredentials(descriptor);
    if (credentials.known())
        credentials.groups = groupsOfUser(credentials.uid, credentials.gid);
    return credentials;
}

QList<quint32> PeerCredentials::groupsOfUser(qint64 uid, qint64 gid)
{
    QList<quint32> groups{quint32(gid)};
    std::vector<char> buffer(16 * 1024);
    passwd entry{};
    passwd *found = nullptr;
    if (getpwuid_r(uid_t(uid), &entry, buffer.data(), buffer.size(), &found) != 0 || !found)
        return groups;
    std::vector<gid_t> list(maxGroups);
    int count = maxGroups;
    if (getgrouplist(found->pw_name, gid_t(gid), list.data(), &count) < 0)
        count = maxGroups; // truncated: the first maxGroups are what we check
    for (int i = 0; i < count && i < maxGroups; ++i) {
        if (!groups.contains(quint32(list[std::size_t(i)])))
            groups.append(quint32(list[std::size_t(i)]));
    }
    return groups;
}

#else

// Known shortcoming: on platforms without local socket credentials (Windows named pipes) every
// client is unknown and may only read.
PeerCredentials PeerCredentials::ofSocket(qintptr)
{
    return {};
}

QList<quint32> PeerCredentials::groupsOfUser(qint64, qint64 gid)
{
    return {quint32(gid)};
}

#endif

} // namespace Shoal
