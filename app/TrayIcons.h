#pragma once

#include "app/Health.h"

#include <QIcon>
#include <QString>

namespace Shoal::Tray {

// The tray icon for each health state, drawn from the SVGs in resources/icons (compiled in).
// They are rendered here at the sizes trays use, so no SVG image plugin is needed at run time.
class TrayIcons
{
public:
    static QIcon icon(Health health);
    static QString resourcePath(Health health);
};

} // namespace Shoal::Tray
