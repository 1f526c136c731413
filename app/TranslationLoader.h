#pragma once

#include <QLocale>

class QCoreApplication;

namespace Shoal::Tray {

// Installs the translation of the tray for a locale (compiled in under :/i18n, from
// translations/shoal_<lang>.ts) together with Qt's own for the standard buttons. English needs
// none. Returns whether a Shoal translation was found.
class TranslationLoader
{
public:
    static bool install(QCoreApplication &application, const QLocale &locale);
};

} // namespace Shoal::Tray
