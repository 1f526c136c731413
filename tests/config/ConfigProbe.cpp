// config_probe: the daemon's configuration step alone, as shoald's main() does it, so tests can
// check what --help, --version and a bad option do to a real process (output, exit status).
#include "service/config/ConfigLoader.h"

#include <QCoreApplication>
#include <cstdio>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    Shoal::DaemonConfig config;
    QString error;
    if (!Shoal::ConfigLoader::load(app.arguments(), config, error)) {
        std::fprintf(stderr, "shoald: %s\n", qPrintable(error));
        return 2;
    }
    std::printf("%s\n", qPrintable(Shoal::ConfigLoader::describe(config)));
    return 0;
}
