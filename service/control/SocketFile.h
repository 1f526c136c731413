#pragma once

#include <QString>

namespace Shoal {

// Gets the control socket's path ready for listening. A daemon that crashed leaves its socket
// file behind, and listening on an existing path fails; but removing a path blindly would
// steal the socket of a daemon that is still running, or delete a file that is not ours.
class SocketFile
{
public:
    // Creates the parent directory (mode 0755, so local users can reach the socket) when it
    // is missing and removes a stale socket. Returns an error for a person, empty on success.
    static QString prepare(const QString &path);

    // Whether something accepts connections on the socket at `path`.
    static bool isListening(const QString &path);
};

} // namespace Shoal
