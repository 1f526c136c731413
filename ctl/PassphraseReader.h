#pragma once

#include <QString>
#include <optional>

namespace Shoal::Ctl {

// Reads a passphrase or secret for "shoalctl join": from the terminal with echo off when
// stdin is one (the prompt goes to stderr), else one line from stdin, so scripts can pipe it.
class PassphraseReader
{
public:
    // nullopt at end of input or for a line longer than maxLength.
    static std::optional<QString> read(const QString &prompt);

    static constexpr int maxLength = 1024;
};

} // namespace Shoal::Ctl
