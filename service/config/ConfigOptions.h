#pragma once

#include "service/config/ConfigOption.h"

#include <QList>
#include <QStringView>

namespace Shoal {

// Every option shoald takes, in the order --help and describe() list them.
const QList<ConfigOption> &configOptions();

// The option called `name`, or nullptr.
const ConfigOption *findConfigOption(QStringView name);

// Checks shared by options and [group NAME] sections.
bool isValidGroupName(QStringView name);
QString absolutePath(const ConfigValue &value);

} // namespace Shoal
