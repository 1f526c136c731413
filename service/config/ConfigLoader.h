#pragma once

#include "service/config/DaemonConfig.h"

#include <QString>
#include <QStringList>

namespace Shoal {

// Reads shoald's configuration from its command line and the optional file named by --config
// (format in ConfigFile.h, every option in docs/configuration.md). The file is read first;
// an option given on the command line overrides it, and a repeatable option given there
// replaces the file's list instead of adding to it. Every mistake is an error that names the
// option (and file and line) and the bad value: a daemon that guesses what was meant is harder
// to run than one that refuses to start.
class ConfigLoader
{
public:
    enum class Outcome
    {
        Run,     // config holds the configuration to run with
        Help,    // --help was asked for
        Version, // --version was asked for
        Error,   // error says what is wrong; config is unchanged
    };

    // arguments[0] is the program. On success fills config and returns true. For --help or
    // --version prints helpText() or versionText() to stdout and ends the process with status 0.
    // On error returns false with a one-line message in error and leaves config unchanged.
    static bool load(const QStringList &arguments, DaemonConfig &config, QString &error);

    // load() without printing or exiting.
    static Outcome parse(const QStringList &arguments, DaemonConfig &config, QString &error);

    // Several lines, "option: value", for the startup log.
    static QString describe(const DaemonConfig &config);

    // Every option with its meaning and default (the defaults of the user running it).
    static QString helpText();
    static QString versionText();
};

} // namespace Shoal
