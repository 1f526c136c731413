#include "ctl/PassphraseReader.h"

#include <QByteArray>
#include <array>
#include <cstdio>
#include <string>

#ifdef Q_OS_UNIX
#include <csignal>
#include <termios.h>
#include <unistd.h>
#endif

namespace Shoal::Ctl {

namespace {

// One line from stdin without its newline; nullopt at end of input or past the limit.
std::optional<QByteArray> readLine()
{
    QByteArray line;
    for (int c = std::getchar(); c != '\n'; c = std::getchar()) {
        if (c == EOF)
            return line.isEmpty() ? std::nullopt : std::optional(line);
        if (line.size() > PassphraseReader::maxLength)
            return std::nullopt;
        line.append(char(c));
    }
    if (line.endsWith('\r'))
        line.chop(1);
    return line;
}

#ifdef Q_OS_UNIX

// The terminal's settings before echo was switched off, for the signal handler.
termios savedTerminal{};
constexpr std::array stopSignals{SIGINT, SIGTERM, SIGHUP, SIGQUIT};

// Ctrl-C (or a kill) at the prompt must not leave the user's terminal without echo: put the
// settings back, then die of the signal as if nothing had caught it. Only async-signal-safe
// calls here.
void restoreTerminalAndDie(int number)
{
    tcsetattr(STDIN_FILENO, TCSANOW, &savedTerminal);
    std::signal(number, SIG_DFL);
    std::raise(number);
}

std::optional<QByteArray> readWithoutEcho(const QString &prompt)
{
    tcgetattr(STDIN_FILENO, &savedTerminal);
    termios quiet = savedTerminal;
    quiet.c_lflag &= ~tcflag_t(ECHO);
    std::fputs(prompt.toLocal8Bit().constData(), stderr);
    std::fflush(stderr);
    struct sigaction handler = {};
    handler.sa_handler = restoreTerminalAndDie;
    sigemptyset(&handler.sa_mask);
    std::array<struct sigaction, stopSignals.size()> previous{};
    for (std::size_t i = 0; i < stopSignals.size(); ++i)
        sigaction(stopSignals[i], &handler, &previous[i]);
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    const auto line = readLine();
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &savedTerminal);
    for (std::size_t i = 0; i < stopSignals.size(); ++i)
        sigaction(stopSignals[i], &previous[i], nullptr);
    std::fputs("\n", stderr);
    return line;
}

#endif

} // namespace

std::optional<QString> PassphraseReader::read(const QString &prompt)
{
#ifdef Q_OS_UNIX
    const auto line = isatty(STDIN_FILENO) ? readWithoutEcho(prompt) : readLine();
#else
    // Known shortcoming: elsewhere the terminal keeps echoing what is typed.
    const auto line = readLine();
#endif
    if (!line)
        return std::nullopt;
    return QString::fromUtf8(*line);
}

} // namespace Shoal::Ctl
