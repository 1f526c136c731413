#pragma once

#include "service/config/ConfigValue.h"
#include "service/config/DaemonConfig.h"

#include <QString>
#include <functional>

namespace Shoal {

// One option of shoald. Its long command-line name is also its key in the configuration
// file, so the two can never drift apart; --help, describe() and the file reader all walk the
// same table (ConfigOptions.cpp).
struct ConfigOption
{
    enum class Kind
    {
        Flag,  // no value on the command line; true/false in the file
        Value, // one value, given at most once per source
        List,  // repeatable and comma-separated; a source that gives it replaces the default
    };

    QString name;        // "cache-size": --cache-size on the command line, cache-size = in the file
    QString valueName;   // "SIZE", shown in --help
    QString description; // one line for --help
    Kind kind = Kind::Value;
    // The field's value as text, for --help's defaults and describe().
    std::function<QString(const DaemonConfig &)> show;
    // List options: empties the field before the first value of a source is added.
    std::function<void(DaemonConfig &)> clear;
    // Reads one value into the field; on failure sets `why` (without the origin) and returns false.
    std::function<bool(DaemonConfig &, const ConfigValue &, QString &why)> apply;
};

} // namespace Shoal
