#include "app/Autostart.h"

#if defined(Q_OS_WIN)
#include "app/WindowsAutostart.h"
#elif defined(Q_OS_MACOS)
#include "app/MacAutostart.h"
#else
#include "app/XdgAutostart.h"
#endif

namespace Shoal::Tray {

std::unique_ptr<Autostart> Autostart::forThisPlatform(const QString &program)
{
#if defined(Q_OS_WIN)
    return std::make_unique<WindowsAutostart>(program);
#elif defined(Q_OS_MACOS)
    return std::make_unique<MacAutostart>(program);
#else
    return std::make_unique<XdgAutostart>(program);
#endif
}

} // namespace Shoal::Tray
