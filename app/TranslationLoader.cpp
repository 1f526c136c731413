#include "app/TranslationLoader.h"

#include "shared/LogCategories.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QTranslator>

namespace Shoal::Tray {

bool TranslationLoader::install(QCoreApplication &application, const QLocale &locale)
{
    auto *qtTranslator = new QTranslator(&application);
    if (qtTranslator->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                           QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        application.installTranslator(qtTranslator);
    else
        delete qtTranslator;

    auto *translator = new QTranslator(&application);
    if (!translator->load(locale, QStringLiteral("shoal"), QStringLiteral("_"),
                          QStringLiteral(":/i18n"))) {
        delete translator;
        qCDebug(lcTray) << "no translation for" << locale.name();
        return false;
    }
    application.installTranslator(translator);
    return true;
}

} // namespace Shoal::Tray
