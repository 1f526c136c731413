#pragma once

#include <QObject>
#include <QString>
#include <QTimer>

class QAbstractItemView;

namespace Shoal::Tray {

class MainWindow;
class TrayIconController;

// For the desktop test (tests/tray/tray_xvfb.sh): writes, every interval, what the window
// shows (the banner, the Overview values, every table as its view displays it) and whether the
// tray icon is shown, as plain text to a file. It reads the widgets, not the models' internals,
// so the file only holds what a person would see. Hidden option --self-test-dump.
class SelfTestDump : public QObject
{
    Q_OBJECT

public:
    SelfTestDump(const QString &path, const MainWindow &window, const TrayIconController &tray,
                 int intervalMs, QObject *parent = nullptr);

    QString text() const;
    void write() const;

private:
    static QString tableText(const QAbstractItemView &view, int maxRows);

    QString m_path;
    const MainWindow &m_window;
    const TrayIconController &m_tray;
    QTimer m_timer;
};

} // namespace Shoal::Tray
