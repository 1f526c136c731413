#include "service/control/SocketFile.h"

#include <QByteArray>
#include <QDir>
#include <QFileInfo>
#include <QStringList>
#include <cerrno>
#include <cstring>

#ifdef Q_OS_UNIX
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#endif

namespace Shoal {

namespace {

using namespace Qt::StringLiterals;

QString systemError()
{
    return QString::fromLocal8Bit(std::strerror(errno));
}

#ifdef Q_OS_UNIX

QString createParents(const QString &path)
{
    QStringList missing;
    for (QString dir = QFileInfo(path).absolutePath(); !QFileInfo::exists(dir);
         dir = QFileInfo(dir).absolutePath())
        missing.prepend(dir);
    for (const QString &dir : missing) {
        const QByteArray encoded = QFile::encodeName(dir);
        if (::mkdir(encoded.constData(), 0755) != 0 && errno != EEXIST)
            return u"cannot create %1: %2"_s.arg(dir, systemError());
        ::chmod(encoded.constData(), 0755); // the umask may have taken bits away
    }
    return {};
}

enum class Probe
{
    Listening,
    Stale,
    Unknown
};

// Connects to the socket: accepted means a live daemon, refused a dead one. A full backlog or
// a permission problem tells nothing, and then nothing may be removed.
Probe probe(const QString &path)
{
    const QByteArray encoded = QFile::encodeName(path);
    sockaddr_un address{};
    if (encoded.size() >= qsizetype(sizeof address.sun_path))
        return Probe::Unknown;
    address.sun_family = AF_UNIX;
    std::memcpy(address.sun_path, encoded.constData(), std::size_t(encoded.size()));
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return Probe::Unknown;
    const int result = ::connect(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address);
    const int error = errno;
    ::close(fd);
    if (result == 0 || error == EAGAIN)
        return Probe::Listening;
    return error == ECONNREFUSED ? Probe::Stale : Probe::Unknown;
}

QString removeStale(const QString &path)
{
    const QByteArray encoded = QFile::encodeName(path);
    struct stat info
    {
    };
    if (::lstat(encoded.constData(), &info) != 0)
        return errno == ENOENT ? QString() : u"cannot inspect %1: %2"_s.arg(path, systemError());
    if (!S_ISSOCK(info.st_mode))
        return u"%1 exists and is not a socket; not touching it"_s.arg(path);
    const Probe state = probe(path);
    if (state == Probe::Listening)
        return u"another shoald is already listening on %1"_s.arg(path);
    if (state == Probe::Unknown)
        return u"cannot tell whether %1 is in use, so not removing it"_s.arg(path);
    if (::unlink(encoded.constData()) != 0)
        return u"cannot remove the stale socket %1: %2"_s.arg(path, systemError());
    return {};
}

#endif

} // namespace

#ifdef Q_OS_UNIX

QString SocketFile::prepare(const QString &path)
{
    if (const QString error = createParents(path); !error.isEmpty())
        return error;
    return removeStale(path);
}

bool SocketFile::isListening(const QString &path)
{
    return probe(path) == Probe::Listening;
}

#else

// Named pipes (Windows) leave nothing behind after a crash; there is nothing to prepare.
QString SocketFile::prepare(const QString &)
{
    return {};
}
bool SocketFile::isListening(const QString &)
{
    return false;
}

#endif

} // namespace Shoal
