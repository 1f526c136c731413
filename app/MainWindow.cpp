#include "app/MainWindow.h"

#include "app/CachePage.h"
#include "app/DisplayText.h"
#include "app/EventsPage.h"
#include "app/GroupsPage.h"
#include "app/OverviewPage.h"
#include "app/PeersPage.h"
#include "app/StatusModel.h"
#include "app/TrayModels.h"

#include <QAction>
#include <QCloseEvent>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QTabWidget>
#include <QVBoxLayout>

namespace Shoal::Tray {

namespace {

using namespace Qt::StringLiterals;

const QString geometryKey = u"mainWindow/geometry"_s;

} // namespace

MainWindow::MainWindow(TrayModels &models, QWidget *parent)
    : QMainWindow(parent)
    , m_status(models.status)
{
    setWindowTitle(tr("Shoal"));
    setObjectName(u"mainWindow"_s);

    m_banner = new QLabel(this);
    m_banner->setObjectName(u"banner"_s);
    m_banner->setWordWrap(true);
    m_banner->setMargin(8);
    m_banner->setAccessibleName(tr("Connection state"));

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(u"tabs"_s);
    m_overview = new OverviewPage(models.status, m_tabs);
    m_peers = new PeersPage(models.peers, m_tabs);
    m_groups = new GroupsPage(models.groups, models.groupActions, m_tabs);
    m_cache = new CachePage(models.cache, models.connection, m_tabs);
    m_events = new EventsPage(models.events, m_tabs);
    m_tabs->addTab(m_overview, tr("&Overview"));
    m_tabs->addTab(m_peers, tr("&Peers"));
    m_tabs->addTab(m_groups, tr("&Groups"));
    m_tabs->addTab(m_cache, tr("&Cache"));
    m_tabs->addTab(m_events, tr("&Events"));

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_banner);
    layout->addWidget(m_tabs);
    setCentralWidget(central);

    buildMenus();
    connect(&models.status, &StatusModel::changed, this, &MainWindow::updateBanner);
    updateBanner();
    restoreGeometryFromSettings();
}

MainWindow::~MainWindow()
{
    saveGeometryToSettings();
}

void MainWindow::buildMenus()
{
    QMenu *shoal = menuBar()->addMenu(tr("&Shoal"));
    shoal->addAction(tr("&Join group..."), this, &MainWindow::joinRequested);
    m_autostart = shoal->addAction(tr("&Start at login"));
    m_autostart->setCheckable(true);
    connect(m_autostart, &QAction::toggled, this, &MainWindow::autostartToggled);
    shoal->addSeparator();
    shoal->addAction(tr("&Close window"), QKeySequence::Close, this, &QWidget::close);
    shoal->addAction(tr("&Quit"), QKeySequence::Quit, this, &MainWindow::quitRequested);
    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Shoal"), this, &MainWindow::aboutRequested);
}

void MainWindow::updateBanner()
{
    if (m_status.health() == Health::Unreachable) {
        const QString problem = m_status.problem();
        m_banner->setText(tr("shoald is not reachable%1. Shoal keeps trying to connect; "
                             "nothing shown below is current.")
                              .arg(problem.isEmpty() ? QString() : u": "_s + problem));
        m_banner->setStyleSheet(u"background: #f6d8d8; color: #611; border-radius: 4px;"_s);
        m_banner->show();
    } else if (m_status.health() == Health::Outage) {
        m_banner->setText(tr("DNS outage since %1: shoald answers from its cache and its peers.")
                              .arg(DisplayText::time(m_status.healthSinceMs())));
        m_banner->setStyleSheet(u"background: #fbe6c2; color: #5a3a00; border-radius: 4px;"_s);
        m_banner->show();
    } else if (!m_status.mayChange()) {
        m_banner->setText(tr("You can look but not change: shoald lets only root, its own user "
                             "and its admin group join, leave or flush."));
        m_banner->setStyleSheet(u"background: #e4eefb; color: #123; border-radius: 4px;"_s);
        m_banner->show();
    } else {
        m_banner->hide();
    }
}

void MainWindow::showAndRaise()
{
    if (isMinimized())
        showNormal();
    else
        show();
    raise();
    activateWindow();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveGeometryToSettings();
    if (m_hideOnClose) {
        hide();
        event->ignore();
        return;
    }
    event->accept();
    emit quitRequested();
}

void MainWindow::restoreGeometryFromSettings()
{
    const QSettings settings;
    if (!restoreGeometry(settings.value(geometryKey).toByteArray()))
        resize(860, 560);
}

void MainWindow::saveGeometryToSettings() const
{
    QSettings settings;
    settings.setValue(geometryKey, saveGeometry());
}

} // namespace Shoal::Tray
