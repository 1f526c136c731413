#include "app/TrayIconController.h"

#include "app/DisplayText.h"
#include "app/StatusModel.h"
#include "app/TrayIcons.h"
#include "app/TrayMenu.h"
#include "shared/LogCategories.h"

#include <QSystemTrayIcon>

namespace Shoal::Tray {

namespace {

constexpr int retryMs = 5000;
constexpr int messageMs = 10'000;

} // namespace

TrayIconController::TrayIconController(const StatusModel &status, TrayMenu &menu, QObject *parent)
    : QObject(parent)
    , m_status(status)
    , m_menu(menu)
{
    m_retry.setInterval(retryMs);
    connect(&m_retry, &QTimer::timeout, this, &TrayIconController::tryShow);
    connect(&status, &StatusModel::changed, this, &TrayIconController::update);
}

void TrayIconController::start()
{
    tryShow();
    if (!isShown()) {
        qCInfo(lcTray) << "no system tray yet, looking again every" << m_retry.interval() << "ms";
        m_retry.start();
        emit availabilityChanged(false);
    }
}

bool TrayIconController::isShown() const
{
    return m_icon && m_icon->isVisible();
}

void TrayIconController::tryShow()
{
    if (!QSystemTrayIcon::isSystemTrayAvailable())
        return;
    if (!m_icon) {
        m_icon = new QSystemTrayIcon(this);
        m_icon->setContextMenu(&m_menu);
        connect(m_icon, &QSystemTrayIcon::activated, this,
                [this](QSystemTrayIcon::ActivationReason reason) {
                    if (reason == QSystemTrayIcon::Trigger ||
                        reason == QSystemTrayIcon::DoubleClick)
                        emit activated();
                });
    }
    update();
    m_icon->show();
    m_retry.stop();
    qCInfo(lcTray) << "tray icon shown";
    emit availabilityChanged(true);
}

void TrayIconController::update()
{
    if (!m_icon)
        return;
    if (m_shownHealth != m_status.health()) {
        m_shownHealth = m_status.health();
        m_icon->setIcon(TrayIcons::icon(m_status.health()));
    }
    m_icon->setToolTip(DisplayText::toolTip(m_status));
}

void TrayIconController::showMessage(const QString &title, const QString &text, bool warning)
{
    if (!isShown() || !QSystemTrayIcon::supportsMessages())
        return;
    m_icon->showMessage(
        title, text, warning ? QSystemTrayIcon::Warning : QSystemTrayIcon::Information, messageMs);
}

} // namespace Shoal::Tray
