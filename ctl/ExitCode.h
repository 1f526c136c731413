#pragma once

namespace Shoal::Ctl {

// shoalctl's exit status, documented in its --help and in docs/control-protocol.md, so
// scripts can tell a refusal from a daemon that is not there.
enum ExitCode : int
{
    Ok = 0,
    DaemonError = 1,      // the daemon answered with an error, or the connection broke
    UsageError = 2,       // the command line is wrong
    NotRunning = 3,       // no daemon at the socket
    PermissionDenied = 4, // the daemon (or the socket's permissions) refused this user
};

} // namespace Shoal::Ctl
