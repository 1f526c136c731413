#include "app/TranslationLoader.h"
#include "app/TrayApp.h"
#include "app/TrayCommandLine.h"
#include "shared/Version.h"

#include <QApplication>
#include <QLocale>
#include <QTextStream>
#include <cstdio>

int main(int argc, char *argv[])
{
    QApplication application(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Shoal"));
    QApplication::setApplicationName(QStringLiteral("shoal-tray"));
    QApplication::setApplicationDisplayName(QStringLiteral("Shoal"));
    QApplication::setApplicationVersion(QLatin1StringView(Shoal::version));
    QApplication::setQuitOnLastWindowClosed(false);
    Shoal::Tray::TranslationLoader::install(application, QLocale::system());

    const auto parsed = Shoal::Tray::TrayCommandLine::parse(QApplication::arguments());
    if (parsed.exit) {
        QTextStream(parsed.exitCode == 0 ? stdout : stderr) << parsed.message;
        return parsed.exitCode;
    }
    Shoal::Tray::TrayApp app(parsed.options, Shoal::Tray::Autostart::forThisPlatform(
                                                 QApplication::applicationFilePath()));
    QObject::connect(&app, &Shoal::Tray::TrayApp::quitRequested, &application, &QApplication::quit);
    app.start();
    return application.exec();
}
