#pragma once

#include <QString>

// Where the control socket lives unless --control / --socket says otherwise. The daemon and
// its clients call these, so they agree without configuration. SHOAL_CONTROL_SOCKET in the
// environment overrides both (tests and unusual setups).
namespace Shoal::Control {

// The system daemon's socket.
inline constexpr const char *systemSocketPath = "/run/shoal/control";

// For shoald: the system path when running as root, else the user's runtime directory
// ($XDG_RUNTIME_DIR/shoal/control).
QString defaultServerSocketPath();

// For clients: the system path when it exists or when running as root, else the user's.
QString defaultClientSocketPath();

} // namespace Shoal::Control
