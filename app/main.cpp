#include "app/TranslationLoader.h"
#include "app/TrayApp.h"
#include "app/TrayCommandLine.h"
#include "shared/Version.h"

#include <QApplication>
#include <QCoreApplication>
#include <QLocale>
#include <QTextStream>
#include <cstdio>
#include <optional>

namespace {

void describeApplication()
{
    QCoreApplication::setOrganizationName(QStringLiteral("Shoal"));
    QCoreApplication::setApplicationName(QStringLiteral("shoal-tray"));
    QCoreApplication::setApplicationVersion(QLatin1StringView(Shoal::version));
}

// Prints what the command line asks for instead of running (help, version, a mistake) and
// gives the exit status; nothing when the program should run.
std::optional<int> answerCommandLine(const Shoal::Tray::TrayCommandLine::Result &parsed)
{
    if (!parsed.exit)
        return std::nullopt;
    QTextStream(parsed.exitCode == 0 ? stdout : stderr) << parsed.message;
    return parsed.exitCode;
}

// --help and --version are answered before the GUI starts, so they work (translated) without a
// display. Other mistakes wait for QApplication, which first takes away Qt's own options
// (-platform, -display, ...).
std::optional<int> answerHelpWithoutDisplay(int &argc, char **argv)
{
    QCoreApplication core(argc, argv);
    describeApplication();
    Shoal::Tray::TranslationLoader::install(core, QLocale::system());
    const auto parsed = Shoal::Tray::TrayCommandLine::parse(QCoreApplication::arguments());
    if (parsed.exit && parsed.exitCode == 0)
        return answerCommandLine(parsed);
    return std::nullopt;
}

} // namespace

int main(int argc, char *argv[])
{
    if (const auto status = answerHelpWithoutDisplay(argc, argv))
        return *status;

    QApplication application(argc, argv);
    describeApplication();
    QApplication::setApplicationDisplayName(QStringLiteral("Shoal"));
    QApplication::setQuitOnLastWindowClosed(false);
    Shoal::Tray::TranslationLoader::install(application, QLocale::system());
    const auto parsed = Shoal::Tray::TrayCommandLine::parse(QApplication::arguments());
    if (const auto status = answerCommandLine(parsed))
        return *status;

    Shoal::Tray::TrayApp app(parsed.options, Shoal::Tray::Autostart::forThisPlatform(
                                                 QApplication::applicationFilePath()));
    QObject::connect(&app, &Shoal::Tray::TrayApp::quitRequested, &application, &QApplication::quit);
    app.start();
    return application.exec();
}
