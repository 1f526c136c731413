#include "ctl/PassphraseReader.h"

#include <QByteArray>
#include <cstdio>
#include <string>

#ifdef Q_OS_UNIX
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

std::optional<QByteArray> readWithoutEcho(const QString &prompt)
{
    termios saved{};
    tcgetattr(STDIN_FILENO, &saved);
    termios quiet = saved;
    quiet.c_lflag &= ~tcflag_t(ECHO);
    std::fputs(prompt.toLocal8Bit().constData(), stderr);
    std::fflush(stderr);
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    const auto line = readLine();
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
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
