#pragma once

#include <QProcessEnvironment>
#include <QString>

namespace Shoal {

// Where the daemon keeps its state and its control socket unless told otherwise. A system
// daemon (root) uses the FHS places; a user's daemon uses the XDG base directories, so a
// developer can run shoald without touching system paths.

// /var/lib/shoal as root, else $XDG_STATE_HOME/shoal (an absolute XDG_STATE_HOME only, as the
// XDG spec says), else $HOME/.local/state/shoal.
QString defaultStateDir();
QString stateDirFor(bool asRoot, const QProcessEnvironment &environment);

// /run/shoal/control as root, else <runtime dir>/shoal/control where the runtime dir is
// QStandardPaths::RuntimeLocation ($XDG_RUNTIME_DIR as a rule).
QString defaultControlSocketPath();
QString controlSocketPathFor(bool asRoot, const QString &runtimeDir);

// Whether the process runs with an effective user id of 0.
bool runsAsRoot();

} // namespace Shoal
