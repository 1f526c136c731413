#include "app/SelfTestDump.h"

#include "app/MainWindow.h"
#include "app/OverviewPage.h"
#include "app/TrayIconController.h"

#include <QAbstractItemModel>
#include <QLabel>
#include <QMenu>
#include <QSaveFile>
#include <QSystemTrayIcon>
#include <QTabWidget>
#include <QTableView>
#include <algorithm>

namespace Shoal::Tray {

namespace {

using namespace Qt::StringLiterals;

constexpr int maxRowsPerTable = 50;

} // namespace

SelfTestDump::SelfTestDump(const QString &path, const MainWindow &window,
                           const TrayIconController &tray, int intervalMs, QObject *parent)
    : QObject(parent)
    , m_path(path)
    , m_window(window)
    , m_tray(tray)
{
    m_timer.setInterval(intervalMs);
    connect(&m_timer, &QTimer::timeout, this, &SelfTestDump::write);
    m_timer.start();
}

QString SelfTestDump::tableText(const QAbstractItemView &view, int maxRows)
{
    const QAbstractItemModel *model = view.model();
    QString text;
    QStringList header;
    for (int column = 0; column < model->columnCount(); ++column)
        header.append(model->headerData(column, Qt::Horizontal).toString());
    text += u"  | "_s + header.join(u" | "_s) + u'\n';
    for (int row = 0; row < std::min(model->rowCount(), maxRows); ++row) {
        QStringList cells;
        for (int column = 0; column < model->columnCount(); ++column)
            cells.append(model->index(row, column).data().toString());
        text += u"  | "_s + cells.join(u" | "_s) + u'\n';
    }
    return text;
}

QString SelfTestDump::text() const
{
    QString text =
        u"window: %1 visible=%2\n"_s.arg(m_window.windowTitle()).arg(m_window.isVisible() ? 1 : 0);
    text += u"tray-icon: shown=%1\n"_s.arg(m_tray.isShown() ? 1 : 0);
    const QMenu *menu = m_tray.icon() ? m_tray.icon()->contextMenu() : nullptr;
    text += u"tray-menu: visible=%1\n"_s.arg(menu && menu->isVisible() ? 1 : 0);
    QString toolTip = m_tray.icon() ? m_tray.icon()->toolTip() : QString();
    text += u"tray-tooltip: %1\n"_s.arg(toolTip.replace(u'\n', u" / "_s));
    text += u"banner: visible=%1 text=%2\n"_s.arg(m_window.banner()->isVisible() ? 1 : 0)
                .arg(m_window.banner()->text());
    for (int tab = 0; tab < m_window.tabs()->count(); ++tab)
        text += u"tab: %1\n"_s.arg(m_window.tabs()->tabText(tab));
    text += u"current-tab: %1\n"_s.arg(m_window.tabs()->tabText(m_window.tabs()->currentIndex()));
    const auto labels = m_window.overviewPage()->findChildren<QLabel *>();
    for (const QLabel *label : labels) {
        if (!label->objectName().isEmpty())
            text += u"overview.%1: %2\n"_s.arg(label->objectName(), label->text());
    }
    const auto tables = m_window.findChildren<QTableView *>();
    for (const QTableView *table : tables)
        text += u"table %1:\n"_s.arg(table->objectName()) + tableText(*table, maxRowsPerTable);
    return text;
}

void SelfTestDump::write() const
{
    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly))
        return;
    file.write(text().toUtf8());
    file.commit();
}

} // namespace Shoal::Tray
