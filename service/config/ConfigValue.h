#pragma once

#include <QString>

namespace Shoal {

// One value of one option as given, with where it came from, so an error can point at it.
struct ConfigValue
{
    QString text;    // the value, one item of a comma-separated list
    QString origin;  // "--listen", or "/etc/shoal/shoald.conf:12: listen"
    QString baseDir; // relative paths are taken from here: the file's folder, or the cwd
};

} // namespace Shoal
