#include "ctl/InterruptWatcher.h"

#include <QSocketNotifier>

#ifdef Q_OS_UNIX
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>
#endif

namespace Shoal::Ctl {

#ifdef Q_OS_UNIX

namespace {

int pipeFds[2] = {-1, -1};

void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(pipeFds[1], &byte, 1);
}

} // namespace

InterruptWatcher::InterruptWatcher(QObject *parent)
    : QObject(parent)
{
    if (::pipe2(pipeFds, O_CLOEXEC | O_NONBLOCK) != 0)
        return;
    m_notifier = new QSocketNotifier(pipeFds[0], QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &InterruptWatcher::onReadable);
    struct sigaction action
    {
    };
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
}

InterruptWatcher::~InterruptWatcher()
{
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
}

void InterruptWatcher::onReadable()
{
    char byte = 0;
    while (::read(pipeFds[0], &byte, 1) > 0) {
    }
    emit interrupted();
}

#else

// Known shortcoming: without POSIX signals Ctrl-C ends the process the default way.
InterruptWatcher::InterruptWatcher(QObject *parent)
    : QObject(parent)
{}

InterruptWatcher::~InterruptWatcher() = default;

void InterruptWatcher::onReadable()
{}

#endif

} // namespace Shoal::Ctl
