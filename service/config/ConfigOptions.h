#pragma once

#include "service/config/ConfigOption.h"

#include <QList>
#include <QStringView>

namespace Shoal {

// Every option shoald takes, in the order --help and describe() list them.
const QList<ConfigOption> &configOptions();

// The option called `name`, or nullptr.
const ConfigOption *findConfigOption(QStringView name);

// Helpers shared by options and [group NAME] sections.
extern const QString badGroupNameReason;
QString absolutePath(const ConfigValue &value);

} // namespace Shoal
