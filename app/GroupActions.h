#pragma once

#include "shared/control/ControlTypes.h"

#include <QObject>
#include <QString>

class QWidget;

namespace Shoal::Tray {

class DaemonConnection;

// Joining and leaving groups, shared by the tray menu and the Groups tab: opens the join
// dialog, asks before leaving, sends the request, and tells the user in words when the daemon
// refuses (not allowed, wrong key file, not a member).
class GroupActions : public QObject
{
    Q_OBJECT

public:
    explicit GroupActions(DaemonConnection &connection, QObject *parent = nullptr);

    // Opens the join dialog over `parent` and sends the request if the user confirms.
    void join(QWidget *parent);
    // Asks for confirmation, then leaves.
    void leave(const QString &group, QWidget *parent);

    void sendJoin(const Control::JoinRequest &request, QWidget *parent);
    void sendLeave(const QString &group, QWidget *parent);

    // The sentence shown for a refused request: the daemon's reason, in context.
    static QString refusalText(const QString &action, const QString &code, const QString &message);

signals:
    // A request finished; `message` is what the user was told.
    void finished(bool ok, const QString &message);

private:
    void report(bool ok, const QString &message, QWidget *parent);

    DaemonConnection &m_connection;
};

} // namespace Shoal::Tray
