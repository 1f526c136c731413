#pragma once

#include "ctl/CtlCommand.h"

#include <QString>
#include <QStringList>
#include <functional>

namespace Shoal::Ctl {

// Reads shoalctl's arguments into a CtlCommand. Nothing is sent anywhere here: a wrong
// command line is found before any connection is made.
class CommandLine
{
public:
    struct Result
    {
        enum class Kind
        {
            Run,
            Help,
            Version,
            Error
        } kind = Kind::Error;
        CtlCommand command;
        QString message; // help text, or what is wrong
    };

    // `arguments` includes the program name, as QCoreApplication::arguments() gives it.
    // `defaultSocketPath` is only asked when no --socket is given (finding the default may
    // look at the environment and warn).
    static Result parse(const QStringList &arguments,
                        const std::function<QString()> &defaultSocketPath);
    static Result parse(const QStringList &arguments, const QString &defaultSocketPath)
    {
        return parse(arguments, [&] { return defaultSocketPath; });
    }

    static QString helpText(const QString &defaultSocketPath);
};

} // namespace Shoal::Ctl
