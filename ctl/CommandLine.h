#pragma once

#include "ctl/CtlCommand.h"

#include <QString>
#include <QStringList>

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
    static Result parse(const QStringList &arguments, const QString &defaultSocketPath);

    static QString helpText(const QString &defaultSocketPath);
};

} // namespace Shoal::Ctl
