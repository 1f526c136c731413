#pragma once

#include <QString>
#include <QStringList>

namespace Shoal::Tray {

// What shoal-tray was asked to do on its command line.
struct TrayOptions
{
    QString socketPath;   // --socket; the clients' default path when not given
    bool show = false;    // --show: open the window at start, tray or not
    QString selfTestDump; // --self-test-dump FILE (hidden): write what the window shows
    int selfTestIntervalMs = 500;
};

// Parses shoal-tray's command line (QCommandLineParser). --help and --version are handled by
// the caller through the returned message.
class TrayCommandLine
{
public:
    struct Result
    {
        TrayOptions options;
        bool exit = false; // print `message` and exit with `exitCode`
        int exitCode = 0;
        QString message;
    };

    static Result parse(const QStringList &arguments);
};

} // namespace Shoal::Tray
