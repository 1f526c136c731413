// shoalctl: shows and changes the state of a running shoald from a terminal.
#include "ctl/CommandLine.h"
#include "ctl/CommandRunner.h"
#include "ctl/ExitCode.h"
#include "ctl/PassphraseReader.h"
#include "shared/SignalWatcher.h"
#include "shared/Version.h"
#include "shared/control/SocketPath.h"

#include <QCoreApplication>
#include <QTextStream>
#include <memory>

using namespace Shoal;
using namespace Shoal::Ctl;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    QTextStream err(stderr);
    const auto parsed =
        CommandLine::parse(QCoreApplication::arguments(), &Control::defaultClientSocketPath);
    switch (parsed.kind) {
    case CommandLine::Result::Kind::Help:
        out << parsed.message;
        return ExitCode::Ok;
    case CommandLine::Result::Kind::Version:
        out << "shoalctl " << Shoal::version << Qt::endl;
        return ExitCode::Ok;
    case CommandLine::Result::Kind::Error:
        err << "shoalctl: " << parsed.message << "\nRun shoalctl --help for usage." << Qt::endl;
        return ExitCode::UsageError;
    case CommandLine::Result::Kind::Run:
        break;
    }
    CommandRunner runner(out, err, &PassphraseReader::read);
    // Only watch runs until interrupted; a short request keeps the default Ctrl-C.
    std::unique_ptr<Shoal::SignalWatcher> interrupts;
    if (parsed.command.verb == CtlCommand::Verb::Watch) {
        interrupts = std::make_unique<Shoal::SignalWatcher>();
        QObject::connect(interrupts.get(), &Shoal::SignalWatcher::terminationRequested, &runner,
                         &CommandRunner::interrupt);
    }
    return runner.run(parsed.command);
}
