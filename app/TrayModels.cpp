#include "app/TrayModels.h"

namespace Shoal::Tray {

TrayModels::TrayModels(const QString &socketPath)
    : connection(socketPath)
    , status(connection)
    , peers(connection)
    , groups(connection)
    , cache(connection)
    , events(connection)
    , groupActions(connection)
{}

} // namespace Shoal::Tray
