// shoald: parses the configuration and runs the daemon until it is told to stop.

#include <QCoreApplication>
#include <QLoggingCategory>

#include <cstdio>

#include "service/config/ConfigLoader.h"
#include "service/daemon/Daemon.h"
#include "service/daemon/SignalWatcher.h"
#include "shared/LogCategories.h"
#include "shared/Version.h"

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("shoald"));
    QCoreApplication::setApplicationVersion(QString::fromLatin1(Shoal::version));

    Shoal::DaemonConfig config;
    QString error;
    if (!Shoal::ConfigLoader::load(app.arguments(), config, error)) {
        std::fprintf(stderr, "shoald: %s\n", qPrintable(error));
        return 2;
    }

    if (config.verbose)
        QLoggingCategory::setFilterRules(QStringLiteral("shoal.*.debug=true"));

    qCInfo(lcConfig).noquote() << "configuration:\n" << Shoal::ConfigLoader::describe(config);

    Shoal::Daemon daemon(config);
    if (!daemon.start(&error)) {
        std::fprintf(stderr, "shoald: %s\n", qPrintable(error));
        return 1;
    }
    qCInfo(lcDns) << "shoald" << Shoal::version << "ready";

    Shoal::SignalWatcher signalWatcher;
    QObject::connect(&signalWatcher, &Shoal::SignalWatcher::terminationRequested, &app, [&](int number) {
        qCInfo(lcDns) << "signal" << number << "received, shutting down";
        daemon.stop();
        app.quit();
    });
    return app.exec();
}
