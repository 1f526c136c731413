#include "app/TrayCommandLine.h"

#include "shared/Version.h"
#include "shared/control/SocketPath.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QCoreApplication>

namespace Shoal::Tray {

namespace {

using namespace Qt::StringLiterals;

} // namespace

TrayCommandLine::Result TrayCommandLine::parse(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "Shoal::Tray::TrayCommandLine",
        "Shows the state of shoald, the Shoal DNS daemon, in the system tray."));
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();
    const QCommandLineOption socket(
        u"socket"_s,
        QCoreApplication::translate("Shoal::Tray::TrayCommandLine",
                                    "shoald's control socket (default: %1).")
            .arg(Control::defaultClientSocketPath()),
        u"PATH"_s);
    const QCommandLineOption show(
        u"show"_s,
        QCoreApplication::translate("Shoal::Tray::TrayCommandLine", "Open the window at start."));
    QCommandLineOption dump(u"self-test-dump"_s, u"Write what the window shows to FILE."_s,
                            u"FILE"_s);
    dump.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOptions({socket, show, dump});

    Result result;
    if (!parser.parse(arguments)) {
        result.exit = true;
        result.exitCode = 2;
        result.message = parser.errorText() + u'\n' + parser.helpText();
        return result;
    }
    if (parser.isSet(help) || parser.isSet(version)) {
        result.exit = true;
        result.message = parser.isSet(help)
                             ? parser.helpText()
                             : u"shoal-tray "_s + QLatin1StringView(Shoal::version) + u'\n';
        return result;
    }
    result.options.socketPath =
        parser.isSet(socket) ? parser.value(socket) : Control::defaultClientSocketPath();
    result.options.show = parser.isSet(show);
    result.options.selfTestDump = parser.value(dump);
    return result;
}

} // namespace Shoal::Tray
