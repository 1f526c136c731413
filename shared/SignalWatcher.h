#pragma once

#include <QObject>

class QSocketNotifier;

namespace Shoal {

// Turns SIGTERM, SIGINT and SIGHUP into a Qt signal, through a self-pipe, so shutdown work
// (shoald writing its cache, shoalctl watch leaving cleanly) runs in the event loop rather
// than in a signal handler. One per process.
class SignalWatcher : public QObject
{
    Q_OBJECT

public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

signals:
    void terminationRequested(int signalNumber);

private:
    void readSignal();

    QSocketNotifier *m_notifier = nullptr;
};

} // namespace Shoal
