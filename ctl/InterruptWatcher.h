#pragma once

#include <QObject>

class QSocketNotifier;

namespace Shoal::Ctl {

// Turns SIGINT and SIGTERM into a Qt signal, through a pipe the handler writes one byte to
// (the only safe thing a signal handler can do), so "shoalctl watch" ends cleanly on Ctrl-C.
class InterruptWatcher : public QObject
{
    Q_OBJECT

public:
    explicit InterruptWatcher(QObject *parent = nullptr);
    ~InterruptWatcher() override;

signals:
    void interrupted();

private:
    void onReadable();

    QSocketNotifier *m_notifier = nullptr;
};

} // namespace Shoal::Ctl
