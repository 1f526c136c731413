#include "app/TrayIcons.h"

#include <QPainter>
#include <QPixmap>
#include <QSvgRenderer>
#include <array>

namespace Shoal::Tray {

QString TrayIcons::resourcePath(Health health)
{
    switch (health) {
    case Health::Healthy:
        return QStringLiteral(":/icons/shoal-healthy.svg");
    case Health::Outage:
        return QStringLiteral(":/icons/shoal-outage.svg");
    case Health::Unreachable:
        return QStringLiteral(":/icons/shoal-unreachable.svg");
    }
    return {};
}

QIcon TrayIcons::icon(Health health)
{
    static constexpr std::array sizes{16, 22, 24, 32, 48, 64, 128};
    QSvgRenderer renderer(resourcePath(health));
    QIcon icon;
    if (!renderer.isValid())
        return icon;
    for (const int size : sizes) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        renderer.render(&painter);
        painter.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

} // namespace Shoal::Tray
