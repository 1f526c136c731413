#include "app/AnswerHistory.h"
#include "app/Backoff.h"
#include "app/ControlRequests.h"
#include "app/DisplayText.h"
#include "app/JoinDialog.h"
#include "app/MacAutostart.h"
#include "app/MainWindow.h"
#include "app/TranslationLoader.h"
#include "app/TrayCommandLine.h"
#include "app/TrayIcons.h"
#include "app/TrayModels.h"
#include "app/WindowsAutostart.h"
#include "app/XdgAutostart.h"

#include <QAbstractButton>
#include <QApplication>
#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QRadioButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTabBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <cstdlib>
#include <utility>

using namespace Shoal;
using namespace Shoal::Tray;
using namespace Qt::StringLiterals;

namespace {

Control::Totals totals(quint64 cache, quint64 stale, quint64 peers, quint64 upstream)
{
    Control::Totals result;
    result.cacheHits = cache;
    result.staleAnswers = stale;
    result.peerAnswers = peers;
    result.upstreamAnswers = upstream;
    result.queries = cache + stale + peers + upstream;
    return result;
}

QString readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

template<typename T> T *child(QWidget &parent, const QString &name)
{
    T *found = parent.findChild<T *>(name);
    if (!found)
        qFatal("no child %s", qPrintable(name));
    return found;
}

} // namespace

class TestTrayParts : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(u"ShoalTest"_s);
        QCoreApplication::setApplicationName(u"test_tray_parts"_s);
    }

    void backoffDoublesUpToTheCapAndStartsOver()
    {
        Backoff backoff(250, 1500);
        QCOMPARE(backoff.next(), 250);
        QCOMPARE(backoff.next(), 500);
        QCOMPARE(backoff.next(), 1000);
        QCOMPARE(backoff.next(), 1500);
        QCOMPARE(backoff.next(), 1500);
        backoff.reset();
        QCOMPARE(backoff.next(), 250);
        QCOMPARE(Backoff(0, -5).next(), 1); // nonsense limits still give a usable delay
    }

    void historyCountsAnswersPerBucketAndSource()
    {
        AnswerHistory history(10'000, 6);
        const qint64 t0 = 1'700'000'000'000;
        history.add(t0, totals(100, 0, 0, 50)); // first sample: a base, no answers yet
        QCOMPARE(history.buckets().size(), 6);
        QCOMPARE(history.largestBucket(), 0u);
        history.add(t0 + 3'000, totals(110, 2, 0, 55));
        history.add(t0 + 12'000, totals(111, 2, 7, 55));
        const auto buckets = history.buckets();
        QCOMPARE(buckets.size(), 6);
        QCOMPARE(buckets[4].cache, 10u);
        QCOMPARE(buckets[4].stale, 2u);
        QCOMPARE(buckets[4].upstream, 5u);
        QCOMPARE(buckets[5].cache, 1u);
        QCOMPARE(buckets[5].peers, 7u);
        QCOMPARE(history.largestBucket(), 17u);
    }

    void historyDropsOldBucketsAndRebasesOnRestart()
    {
        AnswerHistory history(10'000, 3);
        const qint64 t0 = 1'700'000'000'000;
        history.add(t0, totals(0, 0, 0, 0));
        history.add(t0 + 1'000, totals(5, 0, 0, 0));
        history.add(t0 + 25'000, totals(6, 0, 0, 0));
        QCOMPARE(history.buckets().size(), 3);
        QCOMPARE(history.buckets().first().cache, 5u);
        history.add(t0 + 45'000, totals(7, 0, 0, 0)); // the first bucket leaves the window
        QCOMPARE(history.buckets().size(), 3);
        QCOMPARE(history.largestBucket(), 1u);
        history.add(t0 + 46'000, totals(2, 0, 0, 0)); // totals went back: a new daemon
        QCOMPARE(history.buckets().constLast().cache, 1u);
        history.add(t0 + 47'000, totals(4, 0, 0, 0));
        QCOMPARE(history.buckets().constLast().cache, 3u);
        history.add(t0 + 10'000'000, totals(5, 0, 0, 0)); // long gap: only zeros before
        QCOMPARE(history.buckets().size(), 3);
        QCOMPARE(history.largestBucket(), 1u);
    }

    void xdgAutostartWritesAndRemovesTheEntry()
    {
        QTemporaryDir config;
        XdgAutostart autostart(u"/opt/My Apps/shoal-tray"_s, config.path(),
                               {config.path() + u"/no-system-folder"_s});
        const QString entry = config.path() + u"/autostart/shoal-tray.desktop"_s;
        QCOMPARE(autostart.location(), entry);
        QVERIFY(!autostart.isEnabled());
        QVERIFY2(autostart.setEnabled(true), qPrintable(autostart.errorString()));
        QVERIFY(autostart.isEnabled());
        const QString text = readAll(entry);
        QVERIFY(text.startsWith(u"[Desktop Entry]\n"_s));
        QVERIFY(text.contains(u"\nExec=\"/opt/My Apps/shoal-tray\"\n"_s));
        QVERIFY(text.contains(u"\nType=Application\n"_s));
        QVERIFY(autostart.setEnabled(false));
        QVERIFY(!QFile::exists(entry));
        QVERIFY(autostart.setEnabled(false)); // removing twice is fine
    }

    void xdgAutostartHonoursXdgConfigHome()
    {
        QTemporaryDir config;
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(config.path()));
        XdgAutostart autostart(u"/usr/bin/shoal-tray"_s);
        qunsetenv("XDG_CONFIG_HOME");
        QCOMPARE(autostart.location(), config.path() + u"/autostart/shoal-tray.desktop"_s);
        qputenv("XDG_CONFIG_HOME", "relative/is/ignored");
        XdgAutostart fallback(u"/usr/bin/shoal-tray"_s);
        qunsetenv("XDG_CONFIG_HOME");
        QCOMPARE(fallback.location(),
                 QDir::homePath() + u"/.config/autostart/shoal-tray.desktop"_s);
    }

    // A package's entry for every user (in /etc/xdg/autostart) is switched off for one user by
    // a user entry of the same name with Hidden=true, and on again by one without.
    void xdgAutostartOverridesASystemEntry()
    {
        QTemporaryDir home;
        QTemporaryDir system;
        QVERIFY(QDir().mkpath(system.path() + u"/autostart"_s));
        const QString systemEntry = system.path() + u"/autostart/shoal-tray.desktop"_s;
        QFile file(systemEntry);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("[Desktop Entry]\nType=Application\nName=Shoal\nExec=shoal-tray\n");
        file.close();
        const QStringList systemFolders{system.path() + u"/none"_s, system.path()};
        XdgAutostart autostart(u"/usr/bin/shoal-tray"_s, home.path(), systemFolders);
        QVERIFY(autostart.isEnabled()); // from the system entry alone
        QVERIFY2(autostart.setEnabled(false), qPrintable(autostart.errorString()));
        QVERIFY(!autostart.isEnabled());
        QVERIFY(readAll(autostart.location()).contains(u"\nHidden=true\n"_s));
        QVERIFY(QFile::exists(systemEntry)); // never touched
        QVERIFY(autostart.setEnabled(true));
        QVERIFY(autostart.isEnabled());
        QVERIFY(!readAll(autostart.location()).contains(u"Hidden"_s));

        // A system entry that is hidden itself does not count.
        QVERIFY(file.open(QIODevice::Append));
        file.write("Hidden=true\n");
        file.close();
        QVERIFY(autostart.setEnabled(false));
        QVERIFY(!QFile::exists(autostart.location()));
        QVERIFY(!autostart.isEnabled());
    }

    void xdgAutostartQuotesTheExecLine()
    {
        QCOMPARE(XdgAutostart::quoteExec(u"/a b/c"_s), u"\"/a b/c\""_s);
        QCOMPARE(XdgAutostart::quoteExec(u"/x\"$`\\y%z"_s), u"\"/x\\\"\\$\\`\\\\y%%z\""_s);
    }

    void xdgAutostartReportsAFolderItCannotCreate()
    {
        QTemporaryDir config;
        QFile blocker(config.path() + u"/autostart"_s); // a file where the folder should be
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        XdgAutostart autostart(u"/usr/bin/shoal-tray"_s, config.path(),
                               {config.path() + u"/no-system-folder"_s});
        QVERIFY(!autostart.setEnabled(true));
        QVERIFY(!autostart.errorString().isEmpty());
        QVERIFY(!autostart.isEnabled());
    }

    void macAutostartWritesAndRemovesTheLaunchAgent()
    {
        QTemporaryDir home;
        const QString agents = home.path() + u"/Library/LaunchAgents"_s;
        MacAutostart autostart(u"/Applications/Shoal & Co.app/Contents/MacOS/shoal-tray"_s, agents);
        QCOMPARE(autostart.location(), agents + u"/org.shoal.tray.plist"_s);
        QVERIFY(!autostart.isEnabled());
        QVERIFY2(autostart.setEnabled(true), qPrintable(autostart.errorString()));
        QVERIFY(autostart.isEnabled());
        const QString text = readAll(autostart.location());
        QVERIFY(text.startsWith(u"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"_s));
        QVERIFY(text.contains(u"<key>Label</key>\n  <string>org.shoal.tray</string>"_s));
        QVERIFY(text.contains(
            u"<string>/Applications/Shoal &amp; Co.app/Contents/MacOS/shoal-tray</string>"_s));
        QVERIFY(text.contains(u"<key>RunAtLoad</key>\n  <true/>"_s));
        QVERIFY(autostart.setEnabled(false));
        QVERIFY(!QFile::exists(autostart.location()));
        QVERIFY(!autostart.isEnabled());
    }

    // On Windows QSettings' native format is the registry; elsewhere it is an INI file, which
    // lets the same code be checked here.
    void windowsAutostartWritesAndRemovesTheRunValue()
    {
        QTemporaryDir folder;
#ifdef Q_OS_WIN
        const QString key = u"HKEY_CURRENT_USER\\Software\\ShoalTest\\Run"_s;
#else
        const QString key = folder.path() + u"/run.ini"_s;
#endif
        WindowsAutostart autostart(u"/Program Files/Shoal/shoal-tray.exe"_s, key);
        QVERIFY(!autostart.isEnabled());
        QVERIFY2(autostart.setEnabled(true), qPrintable(autostart.errorString()));
        QVERIFY(autostart.isEnabled());
        QCOMPARE(QSettings(key, QSettings::NativeFormat).value(u"Shoal"_s).toString(),
                 u"\""_s + QDir::toNativeSeparators(u"/Program Files/Shoal/shoal-tray.exe"_s) +
                     u"\""_s);
        QVERIFY(autostart.setEnabled(false));
        QVERIFY(!autostart.isEnabled());
        QVERIFY(!QSettings(key, QSettings::NativeFormat).contains(u"Shoal"_s));
    }

    void iconsRenderDistinctlyForEachState()
    {
        QImage images[3];
        QImage small[3];
        const Health states[3] = {Health::Healthy, Health::Outage, Health::Unreachable};
        for (int i = 0; i < 3; ++i) {
            const QIcon icon = TrayIcons::icon(states[i]);
            QVERIFY(!icon.isNull());
            for (const int size : {16, 22}) {
                const QPixmap pixmap = icon.pixmap(size, size);
                QCOMPARE(pixmap.size(), QSize(size, size));
            }
            images[i] = icon.pixmap(22, 22).toImage();
            small[i] = icon.pixmap(16, 16).toImage().convertToFormat(QImage::Format_ARGB32);
            const QString out = qEnvironmentVariable("SHOAL_BINARY_DIR", QDir::tempPath()) +
                                u"/tray-icon-%1.png"_s.arg(i);
            icon.pixmap(64, 64).save(out);
        }
        QVERIFY(images[0] != images[1]);
        QVERIFY(images[1] != images[2]);
        QVERIFY(images[0] != images[2]);
        // At 16 px the states must differ in lightness and shape, not in hue alone (a reader
        // who cannot tell red from green, a monochrome panel): pixels whose grey level (alpha
        // included) differs clearly, between every two states (49 to 146 of 256 when written).
        const auto clearlyDifferent = [&](int a, int b) {
            int count = 0;
            for (int y = 0; y < 16; ++y) {
                for (int x = 0; x < 16; ++x) {
                    const QRgb p = small[a].pixel(x, y);
                    const QRgb q = small[b].pixel(x, y);
                    const int greyP = qGray(p) * qAlpha(p) / 255;
                    const int greyQ = qGray(q) * qAlpha(q) / 255;
                    if (std::abs(greyP - greyQ) > 48)
                        ++count;
                }
            }
            return count;
        };
        for (const auto &[a, b] : {std::pair(0, 1), std::pair(1, 2), std::pair(0, 2)}) {
            const int differing = clearlyDifferent(a, b);
            QVERIFY2(differing >= 24,
                     qPrintable(u"states %1 and %2 differ in %3 of 256 pixels"_s.arg(a).arg(b).arg(
                         differing)));
        }
        // Mostly opaque in the middle, transparent in the corner: a round icon, not a blank.
        QCOMPARE(qAlpha(images[0].pixel(0, 0)), 0);
        QVERIFY(qAlpha(images[0].pixel(11, 11)) > 200);
    }

    void joinDialogSaysWhatIsWrong()
    {
        JoinDialog dialog;
        auto *name = child<QLineEdit>(dialog, u"groupName"_s);
        auto *passphrase = child<QLineEdit>(dialog, u"passphrase"_s);
        auto *address = child<QLineEdit>(dialog, u"address"_s);
        auto *problem = child<QLabel>(dialog, u"problem"_s);
        QCOMPARE(dialog.problem(), u"Enter the group's name."_s);
        QCOMPARE(problem->text(), dialog.problem());
        name->setText(u"lab room"_s);
        QVERIFY(dialog.problem().contains(u"letters, digits"_s));
        name->setText(u"-lab"_s);
        QVERIFY(dialog.problem().contains(u"starts with"_s));
        name->setText(u"lab-2"_s);
        QVERIFY(dialog.problem().contains(u"at least 8 characters"_s));
        passphrase->setText(u"correct horse"_s);
        QCOMPARE(dialog.problem(), QString());
        address->setText(u"192.0.2.1"_s);
        QVERIFY(dialog.problem().contains(u"not a multicast address"_s));
        address->setText(u"239.255.7.7"_s);
        QCOMPARE(dialog.problem(), QString());
        QCOMPARE(problem->text(), QString());

        const Control::JoinRequest request = dialog.request();
        QCOMPARE(request.name, u"lab-2"_s);
        QCOMPARE(request.passphrase, u"correct horse"_s);
        QCOMPARE(request.address, u"239.255.7.7"_s);
        QVERIFY(request.keyFile.isEmpty() && !request.open);
        const QJsonObject params = ControlRequests::join(request);
        QCOMPARE(params.keys(), (QStringList{u"address"_s, u"name"_s, u"passphrase"_s}));
    }

    void joinDialogChecksTheKeyFile()
    {
        QTemporaryDir folder;
        JoinDialog dialog;
        child<QLineEdit>(dialog, u"groupName"_s)->setText(u"ops"_s);
        const auto radios = dialog.findChildren<QRadioButton *>();
        QCOMPARE(radios.size(), 3);
        radios[1]->setChecked(true);
        auto *keyFile = child<QLineEdit>(dialog, u"keyFile"_s);
        QCOMPARE(dialog.problem(), u"Choose the key file."_s);
        keyFile->setText(u"relative.key"_s);
        QCOMPARE(dialog.problem(), u"Give the key file's full path."_s);
        const QString path = folder.path() + u"/ops.key"_s;
        keyFile->setText(path);
        QVERIFY(dialog.problem().startsWith(u"There is no file at"_s));
        QFile key(path);
        QVERIFY(key.open(QIODevice::WriteOnly));
        key.write("key \"ops\" { algorithm hmac-sha256; secret \"AAAA\"; };\n");
        key.close();
        QCOMPARE(dialog.problem(), QString());
        QCOMPARE(dialog.request().keyFile, path);
        QVERIFY(dialog.request().passphrase.isEmpty());
    }

    void joinDialogNeedsAnExplicitChoiceForAnOpenGroup()
    {
        JoinDialog dialog;
        dialog.show();
        child<QLineEdit>(dialog, u"groupName"_s)->setText(u"guests"_s);
        const auto radios = dialog.findChildren<QRadioButton *>();
        radios[2]->setChecked(true);
        auto *confirm = child<QCheckBox>(dialog, u"openConfirm"_s);
        QVERIFY(confirm->isVisible());
        QVERIFY(dialog.problem().contains(u"open group without a key"_s));
        QVERIFY(!dialog.request().open);
        confirm->setChecked(true);
        QCOMPARE(dialog.problem(), QString());
        QVERIFY(dialog.request().open);
        QCOMPARE(ControlRequests::join(dialog.request()).value(u"open"_s).toBool(), true);
        radios[0]->setChecked(true);
        QVERIFY(!confirm->isVisible());
    }

    void theWindowRemembersItsSize()
    {
        QSettings().clear(); // nothing from an earlier run
        TrayModels models(u"/nonexistent/shoal-test/control"_s);
        {
            MainWindow first(models);
            QCOMPARE(first.windowTitle(), u"Shoal"_s);
            first.resize(700, 480);
        } // saved when the window goes
        MainWindow second(models);
        QCOMPARE(second.size(), QSize(700, 480));
    }

    // A screen reader names each control from its accessible name, or from the text of a
    // button, a tab or a label's buddy: every control a user can reach with Tab needs one of
    // them. A widget that hands its focus to another (a tab widget to its tab bar) is named
    // by that one.
    void everyControlHasAnAccessibleName()
    {
        TrayModels models(u"/nonexistent/shoal-test/control"_s);
        MainWindow window(models);
        JoinDialog dialog;
        QStringList nameless;
        int checked = 0;
        for (QWidget *top : {static_cast<QWidget *>(&window), static_cast<QWidget *>(&dialog)}) {
            QHash<QWidget *, QString> buddies;
            for (QLabel *label : top->findChildren<QLabel *>()) {
                if (label->buddy())
                    buddies.insert(label->buddy(), label->text());
            }
            for (QWidget *control : top->findChildren<QWidget *>()) {
                if (!(control->focusPolicy() & Qt::TabFocus) || control->focusProxy() ||
                    control->inherits("QScrollBar"))
                    continue;
                ++checked;
                const auto *button = qobject_cast<QAbstractButton *>(control);
                const auto *tabs = qobject_cast<QTabBar *>(control);
                bool everyTabNamed = tabs && tabs->count() > 0;
                for (int i = 0; tabs && i < tabs->count(); ++i)
                    everyTabNamed = everyTabNamed && !tabs->tabText(i).isEmpty();
                const bool named = !control->accessibleName().isEmpty() ||
                                   (button && !button->text().isEmpty()) || everyTabNamed ||
                                   !buddies.value(control).isEmpty();
                if (!named)
                    nameless.append(u"%1 %2 in %3"_s.arg(
                        QString::fromLatin1(control->metaObject()->className()),
                        control->objectName(), top->windowTitle()));
            }
        }
        QVERIFY2(nameless.isEmpty(), qPrintable(nameless.join(u", "_s)));
        qInfo("%d controls reachable with Tab, each named", checked);
        QVERIFY(checked >= 15); // the pages' tables, filters and buttons, the dialog's fields
    }

    void commandLineTakesTheSocket()
    {
        const auto parsed = TrayCommandLine::parse(
            {u"shoal-tray"_s, u"--socket"_s, u"/tmp/x/control"_s, u"--show"_s});
        QVERIFY(!parsed.exit);
        QCOMPARE(parsed.options.socketPath, u"/tmp/x/control"_s);
        QVERIFY(parsed.options.show);
        const auto bad = TrayCommandLine::parse({u"shoal-tray"_s, u"--bogus"_s});
        QVERIFY(bad.exit);
        QCOMPARE(bad.exitCode, 2);
    }

    // Runs last: the translators it installs stay for the rest of the process.
    void germanAndFrenchTranslationsLoad()
    {
        QCOMPARE(DisplayText::healthName(Health::Outage), u"DNS outage"_s);
        QVERIFY(TranslationLoader::install(*qApp, QLocale(QLocale::French)));
        QCOMPARE(DisplayText::healthName(Health::Outage), u"Panne DNS"_s);
        QVERIFY(TranslationLoader::install(*qApp, QLocale(QLocale::German, QLocale::Germany)));
        QCOMPARE(DisplayText::healthName(Health::Outage), u"DNS-Ausfall"_s);
        TrayModels models(u"/nonexistent/shoal-test/control"_s);
        MainWindow window(models);
        QCOMPARE(window.tabs()->tabText(0), u"&Übersicht"_s);
        QCOMPARE(window.tabs()->tabText(3), u"&Cache"_s);
        QVERIFY(!TranslationLoader::install(*qApp, QLocale(QLocale::Japanese)));
    }
};

QTEST_MAIN(TestTrayParts)
#include "TestTrayParts.moc"
