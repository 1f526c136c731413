#pragma once

#include "service/control/ControlBackend.h"

namespace Shoal {

class Daemon;

// The daemon as the control channel sees it: status, counters and the cache from the running
// parts, groups and peers from the peering component.
class DaemonControl final : public ControlBackend
{
public:
    explicit DaemonControl(Daemon &daemon) : m_daemon(daemon) {}

    Control::Status status() const override;
    QList<Control::Counter> counters() const override;
    QList<Control::Peer> peers() const override;
    QList<Control::Group> groups() const override;
    QString joinGroup(const Control::JoinRequest &request) override;
    QString leaveGroup(const QString &name) override;
    QList<Control::CacheEntry> cacheEntries(const Control::CacheQuery &query) const override;
    int flushCache(const Control::FlushRequest &request) override;

private:
    Daemon &m_daemon;
};

} // namespace Shoal
