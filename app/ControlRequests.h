#pragma once

#include "shared/control/ControlTypes.h"

#include <QJsonObject>
#include <QString>

// The parameters of the control requests the tray sends, built from the shared protocol types
// (docs/control-protocol.md). The daemon checks them strictly; these only spell them.
namespace Shoal::Tray::ControlRequests {

QJsonObject join(const Control::JoinRequest &request);
QJsonObject leave(const QString &group);
QJsonObject cache(const Control::CacheQuery &query);
// An empty name flushes the whole cache.
QJsonObject flush(const QString &name);
QJsonObject events(quint64 after, int limit);

} // namespace Shoal::Tray::ControlRequests
