#include "app/GroupActions.h"

#include "app/ControlRequests.h"
#include "app/DaemonConnection.h"
#include "app/JoinDialog.h"
#include "shared/control/ControlProtocol.h"

#include <QMessageBox>
#include <QPointer>
#include <QWidget>

namespace Shoal::Tray {

GroupActions::GroupActions(DaemonConnection &connection, QObject *parent)
    : QObject(parent)
    , m_connection(connection)
{}

void GroupActions::join(QWidget *parent)
{
    JoinDialog dialog(parent);
    if (dialog.exec() != QDialog::Accepted)
        return;
    sendJoin(dialog.request(), parent);
}

void GroupActions::leave(const QString &group, QWidget *parent)
{
    const auto answer = QMessageBox::question(
        parent, tr("Leave group"),
        tr("Leave the group %1? This computer stops asking its members and answering them.")
            .arg(group),
        QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer == QMessageBox::Yes)
        sendLeave(group, parent);
}

QString GroupActions::refusalText(const QString &action, const QString &code,
                                  const QString &message)
{
    if (code == Control::ErrorCode::permissionDenied)
        return tr("%1: not allowed. shoald says: %2").arg(action, message);
    if (code == DaemonConnection::disconnectedCode())
        return tr("%1: shoald is not reachable (%2).").arg(action, message);
    return tr("%1 failed. shoald says: %2").arg(action, message);
}

void GroupActions::sendJoin(const Control::JoinRequest &request, QWidget *parent)
{
    const QString action = tr("Joining %1").arg(request.name);
    const QPointer<QWidget> owner(parent);
    m_connection.request(
        Control::Method::join, ControlRequests::join(request), this,
        [this, owner, name = request.name](const QJsonObject &) {
            report(true, tr("Joined the group %1.").arg(name), owner);
        },
        [this, owner, action](const QString &code, const QString &message) {
            report(false, refusalText(action, code, message), owner);
        });
}

void GroupActions::sendLeave(const QString &group, QWidget *parent)
{
    const QString action = tr("Leaving %1").arg(group);
    const QPointer<QWidget> owner(parent);
    m_connection.request(
        Control::Method::leave, ControlRequests::leave(group), this,
        [this, owner, group](const QJsonObject &) {
            report(true, tr("Left the group %1.").arg(group), owner);
        },
        [this, owner, action](const QString &code, const QString &message) {
            report(false, refusalText(action, code, message), owner);
        });
}

void GroupActions::report(bool ok, const QString &message, QWidget *parent)
{
    emit finished(ok, message);
    if (!ok)
        QMessageBox::warning(parent, tr("Shoal"), message);
}

} // namespace Shoal::Tray
