#pragma once

#include "shared/control/ControlTypes.h"

#include <QList>
#include <QString>

namespace Shoal {

// What the control channel needs from the daemon. The daemon implements it over its real
// parts; tests implement it with fixed data. Every method is called on the thread the
// ControlServer lives on (the daemon's main thread) and must not block: it reports state the
// daemon already holds.
//
// Events go the other way: the daemon calls ControlServer::publishEvent() when an outage
// begins or ends, an upstream goes down or comes back, or a peer comes or goes. The control
// server itself publishes group.joined, group.left and cache.flushed for actions taken through
// the control channel, so joinGroup(), leaveGroup() and flushCache() must not publish them;
// groups the daemon joins on its own (from its configuration, at start) it publishes itself.
class ControlBackend
{
public:
    virtual ~ControlBackend() = default;

    // version, startedMs, listen, upstreams, outage, outageSinceMs, cache sizes and totals.
    // nowMs, groupCount, peerCount and counters are filled in by the control server.
    virtual Control::Status status() const = 0;

    // Every counter of the daemon (the control server appends its own control.* counters).
    virtual QList<Control::Counter> counters() const = 0;

    // Every peer heard in every joined group, one entry per (group, peer).
    virtual QList<Control::Peer> peers() const = 0;

    virtual QList<Control::Group> groups() const = 0;

    // Joins a group. The request is already checked: the name is valid and exactly one of
    // keyFile (absolute), passphrase, secret or open is set. Returns an empty string on
    // success, else why not, in words, for a person ("already a member of lab",
    // "cannot read /etc/shoal/lab.key: permission denied"). The reason must never contain the
    // passphrase or the secret.
    virtual QString joinGroup(const Control::JoinRequest &request) = 0;

    // Leaves a group: empty on success, else why not ("not a member of lab").
    virtual QString leaveGroup(const QString &name) = 0;

    // The cache entries that match query.nameContains, query.type and query.staleOnly (see
    // Control::CacheListing::matches, which implements exactly that), in any order: the control
    // server sorts and pages them. Render records with Control::answerRecordsFromWire().
    virtual QList<Control::CacheEntry> cacheEntries(const Control::CacheQuery &query) const = 0;

    // Removes the whole cache (empty wireName), one name (all its types) or, with subtree, the
    // name and everything below it. Returns the number of entries removed.
    virtual int flushCache(const Control::FlushRequest &request) = 0;
};

} // namespace Shoal
