#include "ModalAnswerer.h"
#include "app/CachePage.h"
#include "app/DisplayText.h"
#include "app/GroupsPage.h"
#include "app/MainWindow.h"
#include "app/OutageNotifier.h"
#include "app/SelfTestDump.h"
#include "app/TrayApp.h"
#include "app/TrayIconController.h"
#include "app/TrayMenu.h"
#include "app/TrayModels.h"
#include "app/XdgAutostart.h"
#include "service/common/Clock.h"
#include "service/control/ControlServer.h"
#include "shared/control/ControlProtocol.h"
#include "tests/control/FakeBackend.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QFile>
#include <QFont>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QLocalServer>
#include <QLocalSocket>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QSystemTrayIcon>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <memory>
#include <unistd.h>

using namespace Shoal;
using namespace Shoal::Test;
using namespace Shoal::Tray;
using namespace Qt::StringLiterals;

namespace {

constexpr int slowMs = 30'000; // for pages of a 100,000-entry cache in a debug build

Control::Peer peer(const QString &group, const QString &node, const QString &host)
{
    return {group, node, host, u"192.0.2.50:5353"_s, true, 7, 1'700'000'000'000};
}

} // namespace

class TestTrayDaemon : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<FakeBackend> m_backend;
    std::unique_ptr<ControlServer> m_server;

    QString socketPath() const { return m_dir->path() + u"/control"_s; }

    ControlServerOptions options() const
    {
        ControlServerOptions options;
        options.socketPath = socketPath();
        options.countersIntervalMs = 3'600'000; // the tests push counters themselves
        return options;
    }

    std::unique_ptr<TrayModels> connectedModels()
    {
        auto models = std::make_unique<TrayModels>(socketPath());
        models->connection.setBackoff(Backoff(20, 100));
        models->connection.start();
        [&] {
            QTRY_VERIFY(models->connection.isConnected());
        }();
        return models;
    }

    // One request through the tray's connection and its reply: the daemon answers in order,
    // so whatever the tray sent before has reached the backend when this returns.
    static void roundTrip(TrayModels &models)
    {
        bool answered = false;
        models.connection.request(Control::Method::status, {}, &models.connection,
                                  [&answered](const QJsonObject &) { answered = true; });
        QTRY_VERIFY(answered);
    }

    void publish(Control::EventKind kind, const QString &subject)
    {
        m_server->publishEvent(kind, subject, u"test event about %1"_s.arg(subject));
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(u"ShoalTest"_s);
        QCoreApplication::setApplicationName(u"test_tray_daemon"_s);
    }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_clock = std::make_unique<ManualClock>();
        m_backend = std::make_unique<FakeBackend>();
        m_server = std::make_unique<ControlServer>(*m_backend, options(), *m_clock);
        QVERIFY2(m_server->listen(), qPrintable(m_server->errorString()));
    }

    void cleanup()
    {
        m_server.reset();
        m_backend.reset();
        m_dir.reset();
    }

    void modelsFillWhenConnected()
    {
        const auto models = connectedModels();
        QTRY_VERIFY(models->status.hasStatus());
        QCOMPARE(models->status.health(), Health::Healthy);
        QCOMPARE(models->status.status().peerCount, 2);
        QCOMPARE(models->status.status().upstreams.size(), 2);
        QTRY_COMPARE(models->peers.rowCount(), 2);
        const auto &alpha = models->peers.rows().at(0);
        QCOMPARE(alpha.host, u"alpha"_s);
        QCOMPARE(alpha.groups, (QStringList{u"lab"_s, u"ops"_s}));
        QCOMPARE(models->peers.index(0, PeerTableModel::GroupsColumn).data().toString(),
                 u"lab, ops"_s);
        QCOMPARE(models->peers.index(1, PeerTableModel::UpstreamColumn).data().toString(),
                 u"in outage"_s);
        QTRY_COMPARE(models->groups.rowCount(), 2);
        QCOMPARE(models->groups.index(1, GroupTableModel::KeyColumn).data().toString(),
                 u"open (no key)"_s);
        QTRY_COMPARE(models->cache.rowCount(), 2);
        QCOMPARE(models->cache.totalCount(), 2);
        QVERIFY(DisplayText::toolTip(models->status).contains(u"Healthy since"_s));
        QVERIFY(DisplayText::toolTip(models->status).contains(u"2 peers"_s));
    }

    void modelsFollowTheDaemonsEvents()
    {
        const auto models = connectedModels();
        OutageNotifier notifier(models->status);
        QSignalSpy notified(&notifier, &OutageNotifier::notify);
        QTRY_COMPARE(models->peers.rowCount(), 2);

        m_backend->m_peers.append(peer(u"lab"_s, u"n3"_s, u"gamma"_s));
        publish(Control::EventKind::PeerCame, u"gamma"_s);
        QTRY_COMPARE(models->peers.rowCount(), 3);
        QCOMPARE(models->peers.rows().at(2).host, u"gamma"_s);
        QTRY_COMPARE(models->status.status().peerCount, 3);
        QTRY_COMPARE(models->events.rowCount(), 1);
        QCOMPARE(models->events.index(0, EventLogModel::KindColumn).data().toString(),
                 u"Peer came"_s);

        m_backend->m_status.outage = true;
        m_backend->m_status.outageSinceMs = m_clock->nowMs();
        publish(Control::EventKind::OutageBegan, {});
        QTRY_COMPARE(models->status.health(), Health::Outage);
        QCOMPARE(models->status.healthSinceMs(), m_clock->nowMs());
        QTRY_COMPARE(notified.size(), 1);
        QCOMPARE(notified[0][0].toString(), u"DNS outage"_s);
        QCOMPARE(notified[0][2].toBool(), true);
        QVERIFY(DisplayText::toolTip(models->status).contains(u"from the cache and from peers"_s));

        m_clock->advanceMs(60'000);
        m_backend->m_status.outage = false;
        publish(Control::EventKind::OutageEnded, {});
        QTRY_COMPARE(models->status.health(), Health::Healthy);
        QCOMPARE(models->status.healthSinceMs(), m_clock->nowMs());
        QTRY_COMPARE(notified.size(), 2);
        QCOMPARE(notified[1][0].toString(), u"DNS outage over"_s);
        QTRY_COMPARE(models->events.rowCount(), 3);

        m_backend->m_peers.removeLast();
        publish(Control::EventKind::PeerWent, u"gamma"_s);
        QTRY_COMPARE(models->peers.rowCount(), 2);
    }

    void countersEventsFeedTheChart()
    {
        const auto models = connectedModels();
        QTRY_VERIFY(models->status.hasStatus());
        QCOMPARE(models->status.history().largestBucket(), 0u);
        m_backend->m_status.totals.cacheHits += 40;
        m_backend->m_status.totals.peerAnswers += 2;
        m_clock->advanceMs(5'000);
        m_server->pushCounters();
        QTRY_COMPARE(models->status.history().largestBucket(), 42u);
        const auto last = models->status.history().buckets().constLast();
        QCOMPARE(last.cache, 40u);
        QCOMPARE(last.peers, 2u);
    }

    void theWindowShowsTheDaemonsState()
    {
        const auto models = connectedModels();
        MainWindow window(*models);
        window.show();
        QCOMPARE(window.windowTitle(), u"Shoal"_s);
        QTRY_VERIFY(models->status.hasStatus());
        auto *upstreams = window.findChild<QLabel *>(u"upstreams"_s);
        QVERIFY(upstreams->text().contains(u"192.0.2.53:53 answers (12 ms)"_s));
        QVERIFY(upstreams->text().contains(u"[2001:db8::53]:53 does not answer (7 failures"_s));
        QCOMPARE(window.findChild<QLabel *>(u"cacheAnswers"_s)->text(), u"750 (75.0 %)"_s);
        QVERIFY(!window.banner()->isVisible()); // root may change: nothing to say

        QCOMPARE(window.tabs()->count(), 5);
        QCOMPARE(window.tabs()->tabText(3), u"&Cache"_s);
    }

    void disconnectedStateAppearsAndRecovers()
    {
        const auto models = connectedModels();
        MainWindow window(*models);
        window.show();
        QTRY_COMPARE(models->peers.rowCount(), 2);
        QVERIFY(!window.banner()->isVisible());

        m_server->close();
        QTRY_COMPARE(models->status.health(), Health::Unreachable);
        QVERIFY(window.banner()->isVisible());
        QVERIFY(window.banner()->text().startsWith(u"shoald is not reachable"_s));
        QVERIFY(window.banner()->text().contains(u"keeps trying"_s));
        QVERIFY(DisplayText::toolTip(models->status).contains(u"cannot reach shoald"_s));

        m_backend->m_peers.append(peer(u"lab"_s, u"n9"_s, u"delta"_s));
        QVERIFY(m_server->listen());
        QTRY_COMPARE(models->status.health(), Health::Healthy);
        QVERIFY(!window.banner()->isVisible());
        QTRY_COMPARE(models->peers.rowCount(), 3); // reloaded after the reconnection
    }

    void startsWithoutADaemonAndFindsItLater()
    {
        m_server->close();
        TrayModels models(socketPath());
        models.connection.setBackoff(Backoff(20, 100));
        QFile::remove(socketPath());
        models.connection.start();
        QTRY_COMPARE(models.status.health(), Health::Unreachable);
        QVERIFY(models.status.problem().contains(u"not running"_s));
        m_server = std::make_unique<ControlServer>(*m_backend, options(), *m_clock);
        QVERIFY(m_server->listen());
        QTRY_COMPARE(models.status.health(), Health::Healthy);
        QTRY_COMPARE(models.groups.rowCount(), 2);
    }

    void joinFromTheGroupsTabSendsTheRequest()
    {
        const auto models = connectedModels();
        MainWindow window(*models);
        window.show();
        QSignalSpy finished(&models->groupActions, &GroupActions::finished);
        ModalAnswerer answerer([](QWidget *dialog) {
            dialog->findChild<QLineEdit *>(u"groupName"_s)->setText(u"lab-2"_s);
            dialog->findChild<QLineEdit *>(u"passphrase"_s)->setText(u"correct horse battery"_s);
            dialog->findChild<QLineEdit *>(u"address"_s)->setText(u"239.255.9.9"_s);
            auto *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
            QVERIFY(ok->isEnabled());
            ok->click();
        });
        window.groupsPage()->joinButton()->click();
        QTRY_COMPARE(m_backend->m_joins.size(), 1);
        const Control::JoinRequest &join = m_backend->m_joins.first();
        QCOMPARE(join.name, u"lab-2"_s);
        QCOMPARE(join.passphrase, u"correct horse battery"_s);
        QCOMPARE(join.address, u"239.255.9.9"_s);
        QVERIFY(join.keyFile.isEmpty() && join.secret.isEmpty() && !join.open);
        QTRY_COMPARE(finished.size(), 1);
        QCOMPARE(finished[0][0].toBool(), true);
        QTRY_COMPARE(models->events.rowCount(), 1); // the daemon's group.joined event
        QCOMPARE(models->events.index(0, EventLogModel::KindColumn).data().toString(),
                 u"Group joined"_s);
    }

    void aCancelledJoinSendsNothing()
    {
        const auto models = connectedModels();
        MainWindow window(*models);
        ModalAnswerer answerer([](QWidget *dialog) {
            dialog->findChild<QLineEdit *>(u"groupName"_s)->setText(u"lab-3"_s);
            dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Cancel)->click();
        });
        window.groupsPage()->joinButton()->click();
        QCOMPARE(answerer.answered(), 1);
        roundTrip(*models);
        QVERIFY(m_backend->m_joins.isEmpty());
    }

    void theDaemonsRefusalIsShownInWords()
    {
        const auto models = connectedModels();
        m_backend->m_joinError = u"cannot read /etc/shoal/x.key: permission denied"_s;
        QSignalSpy finished(&models->groupActions, &GroupActions::finished);
        ModalAnswerer answerer(ModalAnswerer::clickButton(QMessageBox::Ok));
        Control::JoinRequest request;
        request.name = u"x"_s;
        request.keyFile = u"/etc/shoal/x.key"_s;
        models->groupActions.sendJoin(request, nullptr);
        QTRY_COMPARE(answerer.answered(), 1);
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished[0][0].toBool(), false);
        QCOMPARE(answerer.messages().first(),
                 u"Joining x failed. shoald says: cannot read /etc/shoal/x.key: permission "
                 "denied"_s);
    }

    // The daemon decides who may change it from the socket's peer credentials; the test
    // connects as uid 65534 (nobody) by switching its effective uid around the connect().
    void aUserWhoMayNotChangeSeesWhy()
    {
        if (geteuid() != 0)
            QSKIP("needs root to connect as another user");
        // The group bits too: the effective gid stays root's, so the group class applies.
        QVERIFY(QFile::setPermissions(m_dir->path(), QFile::ReadOwner | QFile::WriteOwner |
                                                         QFile::ExeOwner | QFile::ReadGroup |
                                                         QFile::ExeGroup | QFile::ReadOther |
                                                         QFile::ExeOther));
        TrayModels models(socketPath());
        QVERIFY(seteuid(65534) == 0);
        models.connection.start();
        const bool settled = QTest::qWaitFor(
            [&] { return models.connection.state() != DaemonConnection::State::Connecting; });
        QVERIFY(seteuid(0) == 0);
        QVERIFY(settled);
        QVERIFY2(models.connection.isConnected(), qPrintable(models.connection.problem()));
        QVERIFY(!models.status.mayChange());
        MainWindow window(models);
        window.show();
        QTRY_VERIFY(models.status.hasStatus());
        QVERIFY(window.banner()->isVisible());
        QVERIFY(window.banner()->text().startsWith(u"You can look but not change"_s));

        ModalAnswerer answerer(ModalAnswerer::clickButton(QMessageBox::Ok));
        models.groupActions.sendLeave(u"lab"_s, &window);
        QTRY_COMPARE(answerer.answered(), 1);
        const QString message = answerer.messages().first();
        QVERIFY2(message.startsWith(u"Leaving lab: not allowed. shoald says: leave needs an "
                                    "administrator: uid 65534"_s),
                 qPrintable(message));
        QVERIFY(m_backend->m_leaves.isEmpty());
    }

    void leaveAsksFirst()
    {
        const auto models = connectedModels();
        MainWindow window(*models);
        window.show();
        QTRY_COMPARE(models->groups.rowCount(), 2);
        GroupsPage *page = window.groupsPage();
        QVERIFY(!page->leaveButton()->isEnabled());
        page->view()->selectRow(0);
        QCOMPARE(page->selectedGroup(), u"lab"_s);
        QVERIFY(page->leaveButton()->isEnabled());

        {
            ModalAnswerer no(ModalAnswerer::clickButton(QMessageBox::Cancel));
            page->leaveButton()->click();
            QCOMPARE(no.answered(), 1);
            QVERIFY(no.messages().first().startsWith(u"Leave the group lab?"_s));
        }
        roundTrip(*models);
        QVERIFY(m_backend->m_leaves.isEmpty());

        ModalAnswerer yes(ModalAnswerer::clickButton(QMessageBox::Yes));
        page->leaveButton()->click();
        QTRY_COMPARE(m_backend->m_leaves, QStringList{u"lab"_s});
    }

    void theTrayMenuIsBuiltFromTheModels()
    {
        const auto models = connectedModels();
        TrayMenu menu(models->status, models->groups);
        QTRY_COMPARE(models->groups.rowCount(), 2);
        QTRY_VERIFY(models->status.hasStatus());
        QVERIFY(menu.stateAction()->text().startsWith(u"Healthy since"_s));
        QVERIFY(!menu.stateAction()->isEnabled());
        const auto entries = menu.groupsMenu()->actions();
        QCOMPARE(entries.size(), 2);
        QCOMPARE(entries[0]->text(), u"Leave lab..."_s);
        QCOMPARE(entries[1]->text(), u"Leave ops..."_s);
        QSignalSpy leave(&menu, &TrayMenu::leaveRequested);
        entries[1]->trigger();
        QCOMPARE(leave.size(), 1);
        QCOMPARE(leave[0][0].toString(), u"ops"_s);

        m_backend->m_groups.removeFirst();
        publish(Control::EventKind::GroupLeft, u"lab"_s);
        QTRY_COMPARE(menu.groupsMenu()->actions().size(), 1);
        m_server->close();
        QTRY_VERIFY(menu.stateAction()->text().startsWith(u"shoald not reachable since"_s));
    }

    void aHundredThousandEntriesArriveByThePage()
    {
        m_backend->m_entries.clear();
        for (int i = 0; i < 100'000; ++i)
            m_backend->addEntry(u"host-%1.example.test."_s.arg(i), u"A"_s, 60 + i % 3000,
                                i % 10 == 0, i % 7 == 0 ? u"peer"_s : u"upstream"_s,
                                i % 7 == 0 ? u"n1"_s : QString(), u"192.0.2.%1"_s.arg(i % 250));
        const auto models = connectedModels();
        CacheTableModel &cache = models->cache;
        QTRY_COMPARE_WITH_TIMEOUT(cache.rowCount(), 500, slowMs);
        QCOMPARE(cache.totalCount(), 100'000);
        QVERIFY(cache.canFetchMore({}));
        cache.fetchMore({});
        QVERIFY(!cache.canFetchMore({})); // one page at a time
        QTRY_COMPARE_WITH_TIMEOUT(cache.rowCount(), 1000, slowMs);

        cache.sort(CacheTableModel::TtlColumn, Qt::DescendingOrder);
        QTRY_COMPARE_WITH_TIMEOUT(cache.rowCount(), 500, slowMs);
        QCOMPARE(cache.entryAt(0).ttlLeft, 3059);

        cache.setNameFilter(u"host-4242."_s);
        QTRY_COMPARE_WITH_TIMEOUT(cache.totalCount(), 1, slowMs);
        QTRY_COMPARE(cache.rowCount(), 1);
        QCOMPARE(cache.index(0, CacheTableModel::NameColumn).data().toString(),
                 u"host-4242.example.test."_s);
        QVERIFY(!cache.canFetchMore({}));
    }

    void staleAndPeerEntriesAreMarked()
    {
        const auto models = connectedModels();
        CacheTableModel &cache = models->cache;
        QTRY_COMPARE(cache.rowCount(), 2);
        // Sorted by name: mail (stale, from peer n1) before www (fresh, from upstream).
        QCOMPARE(cache.index(0, CacheTableModel::TtlColumn).data().toString(), u"stale"_s);
        QVERIFY(cache.index(0, 0).data(Qt::FontRole).value<QFont>().italic());
        QCOMPARE(cache.index(0, CacheTableModel::SourceColumn).data().toString(), u"peer n1"_s);
        QVERIFY(cache.index(0, 0).data(Qt::BackgroundRole).isValid());
        QCOMPARE(cache.index(1, CacheTableModel::TtlColumn).data().toString(), u"300 s"_s);
        QVERIFY(!cache.index(1, 0).data(Qt::FontRole).isValid());
        QCOMPARE(cache.index(1, CacheTableModel::SourceColumn).data().toString(), u"DNS server"_s);
        QCOMPARE(cache.index(1, CacheTableModel::DataColumn).data().toString(), u"192.0.2.1"_s);

        cache.setStaleOnly(true);
        QTRY_COMPARE(cache.totalCount(), 1);
        QTRY_COMPARE(cache.rowCount(), 1);
    }

    void flushSelectedAndFlushAll()
    {
        const auto models = connectedModels();
        MainWindow window(*models);
        window.show();
        CachePage *page = window.cachePage();
        QTRY_COMPARE(models->cache.rowCount(), 2);
        QVERIFY(!page->flushSelectedButton()->isEnabled());
        page->view()->selectRow(1);
        QCOMPARE(page->selectedNames(), QStringList{u"www.example.test."_s});
        QSignalSpy flushed(page, &CachePage::flushFinished);
        page->flushSelectedButton()->click();
        QTRY_COMPARE(flushed.size(), 1);
        QCOMPARE(m_backend->m_flushes.size(), 1);
        QCOMPARE(m_backend->m_flushes[0].wireName, QByteArray("\3www\7example\4test\0", 18));
        QVERIFY(!m_backend->m_flushes[0].subtree);

        ModalAnswerer yes(ModalAnswerer::clickButton(QMessageBox::Yes));
        page->flushAllButton()->click();
        QTRY_COMPARE(m_backend->m_flushes.size(), 2);
        QVERIFY(m_backend->m_flushes[1].wireName.isEmpty());
        QTRY_COMPARE(flushed.size(), 2);
        QCOMPARE(flushed[1][0].toBool(), true);
    }

    void theCacheTabShowsTheCacheAsItIsNow()
    {
        const auto models = connectedModels();
        MainWindow window(*models);
        window.show();
        QTRY_COMPARE(models->cache.rowCount(), 2);
        m_backend->addEntry(u"new.example.test."_s, u"A"_s, 300, false, u"upstream"_s, {},
                            u"192.0.2.99"_s);
        window.tabs()->setCurrentWidget(window.cachePage());
        QTRY_COMPARE(models->cache.rowCount(), 3);
        QCOMPARE(models->cache.entryAt(1).name, u"new.example.test."_s);
    }

    void theFilterFieldFiltersAsYouType()
    {
        const auto models = connectedModels();
        MainWindow window(*models);
        window.show();
        QTRY_COMPARE(models->cache.rowCount(), 2);
        QTest::keyClicks(window.cachePage()->filterEdit(), u"MAIL"_s);
        QTRY_COMPARE(models->cache.query().nameContains, u"MAIL"_s);
        QTRY_COMPARE(models->cache.totalCount(), 1);
        QTRY_COMPARE(models->cache.rowCount(), 1);
        QCOMPARE(models->cache.entryAt(0).name, u"mail.example.test."_s);
    }

    void withoutASystemTrayTheWindowOpens()
    {
        QTemporaryDir config;
        TrayOptions options;
        options.socketPath = socketPath();
        options.selfTestDump = m_dir->path() + u"/dump.txt"_s;
        options.selfTestIntervalMs = 50;
        TrayApp app(options,
                    std::make_unique<XdgAutostart>(u"/usr/bin/shoal-tray"_s, config.path(),
                                                   QStringList{config.path() + u"/none"_s}));
        app.models().connection.setBackoff(Backoff(20, 100));
        app.start();
        QVERIFY(!QSystemTrayIcon::isSystemTrayAvailable()); // the offscreen platform has none
        QVERIFY(!app.trayIcon().isShown());
        QVERIFY(app.window().isVisible());

        QTRY_COMPARE(app.models().cache.rowCount(), 2);
        const auto dumped = [&options] {
            QFile dump(options.selfTestDump);
            return dump.open(QIODevice::ReadOnly) ? QString::fromUtf8(dump.readAll()) : QString();
        };
        QTRY_VERIFY(dumped().contains(u"| www.example.test. | A | 192.0.2.1 |"_s));
        QVERIFY(dumped().contains(u"window: Shoal visible=1\n"_s));
        QVERIFY(dumped().contains(u"tray-icon: shown=0\n"_s));
        QVERIFY(dumped().contains(u"| alpha | 192.0.2.7:5353 | lab, ops |"_s));
    }

    void startAtLoginFromTheMenu()
    {
        QTemporaryDir config;
        TrayOptions options;
        options.socketPath = socketPath();
        TrayApp app(options,
                    std::make_unique<XdgAutostart>(u"/usr/bin/shoal-tray"_s, config.path(),
                                                   QStringList{config.path() + u"/none"_s}));
        const QString entry = config.path() + u"/autostart/shoal-tray.desktop"_s;
        QVERIFY(!app.menu().autostartAction()->isChecked());
        app.menu().autostartAction()->trigger();
        QVERIFY(QFile::exists(entry));
        QVERIFY(app.window().autostartAction()->isChecked());
        app.window().autostartAction()->trigger();
        QVERIFY(!QFile::exists(entry));
        QVERIFY(!app.menu().autostartAction()->isChecked());
    }

    void aHostileDaemonCannotBreakTheModels()
    {
        m_server->close();
        QLocalServer hostile;
        QFile::remove(socketPath());
        QVERIFY(hostile.listen(socketPath()));
        QList<QLocalSocket *> clients;
        connect(&hostile, &QLocalServer::newConnection, this, [&] {
            QLocalSocket *socket = hostile.nextPendingConnection();
            clients.append(socket);
            connect(socket, &QLocalSocket::readyRead, socket, [socket] {
                while (socket->canReadLine()) {
                    const QJsonObject message =
                        QJsonDocument::fromJson(socket->readLine()).object();
                    QJsonObject reply;
                    if (message.contains(u"hello"_s))
                        reply = {{u"hello"_s, QJsonObject{{u"protocol"_s, 1}}}};
                    else
                        reply = {{u"id"_s, message[u"id"_s]},
                                 {u"result"_s,
                                  QJsonObject{{u"peers"_s, QJsonArray{1, QJsonObject{}}},
                                              {u"groups"_s, QJsonArray{u"x"_s, QJsonObject{}}},
                                              {u"entries"_s, QJsonArray{1, u"x"_s}},
                                              {u"events"_s, QJsonArray{QJsonObject{}, 2}},
                                              {u"total"_s, 50},
                                              {u"outage"_s, u"yes"_s}}}};
                    socket->write(QJsonDocument(reply).toJson(QJsonDocument::Compact) + '\n');
                    socket->write(R"({"event":{"kind":"no.such.kind","id":1}})"
                                  "\n{\"event\":[]}\n");
                }
            });
        });
        const auto models = connectedModels();
        QTRY_VERIFY(models->status.hasStatus());
        QCOMPARE(models->status.health(), Health::Healthy);
        QCOMPARE(models->peers.rowCount(), 0);
        QCOMPARE(models->groups.rowCount(), 0);
        QTRY_VERIFY(!models->cache.isLoading());
        QCOMPARE(models->cache.rowCount(), 0);
        QCOMPARE(models->cache.droppedEntries(), 2u);
        QVERIFY(!models->cache.canFetchMore({})); // nothing usable came: no asking in a loop
        QCOMPARE(models->events.rowCount(), 0);

        // A line past the client's limit ends the connection; the tray says so and retries.
        clients.first()->write(QByteArray(Control::maxReplyLineBytes + 10, 'x'));
        QTRY_COMPARE(models->status.health(), Health::Unreachable);
        QTRY_VERIFY(models->connection.isConnected()); // reconnected to the same server
    }
};

QTEST_MAIN(TestTrayDaemon)
#include "TestTrayDaemon.moc"
