#pragma once

#include "service/common/Clock.h"
#include "service/peer/NodeId.h"
#include "service/peer/PeerPresence.h"

#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QString>
#include <QStringList>

namespace Shoal {

// A member of a group as this node knows it, from its announcements.
struct Peer
{
    NodeId id;
    QHostAddress address;
    quint16 port = 0;
    PeerPresence presence;
    qint64 firstSeenMs = 0;
    qint64 lastSeenMs = 0;
    qint64 expiresMs = 0;
};

// The members of each group, keyed by node id. A peer stays until its Goodbye or until its
// hold time passes without an announcement; senders set the hold time to missedAnnouncements
// times their announcement interval, so a peer expires after missing three. The hold time a
// peer asks for is clamped to [minHoldSeconds, maxHoldSeconds], so a hostile member can make
// an entry neither flicker nor linger.
//
// Bounded: at most maxPeersPerGroup per group; announcements from further new peers are
// refused (and counted) until someone leaves or expires. Existing members are never pushed
// out by newcomers.
class PeerTable
{
public:
    static constexpr int defaultMaxPeersPerGroup = 256;
    static constexpr int missedAnnouncements = 3;
    static constexpr quint32 minHoldSeconds = 10;
    static constexpr quint32 maxHoldSeconds = 3 * 3600;

    enum class Update
    {
        Added,
        Refreshed,
        Refused,
        Removed,
        Unknown
    };

    struct Expired
    {
        QString group;
        Peer peer;
    };

    explicit PeerTable(const Clock &clock, int maxPeersPerGroup = defaultMaxPeersPerGroup);

    // The hold time to announce for a given announcement interval.
    static quint32 holdSecondsFor(quint32 intervalSeconds);

    Update announce(const QString &group, const NodeId &id, const QHostAddress &address,
                    quint16 port, const PeerPresence &presence, quint32 holdSeconds);
    Update goodbye(const QString &group, const NodeId &id);
    // Drops every peer whose hold time has passed and returns them.
    QList<Expired> expire();
    void removeGroup(const QString &group);

    const Peer *find(const QString &group, const NodeId &id) const;
    QList<Peer> peers(const QString &group) const;
    int count(const QString &group) const;
    QStringList groups() const;
    // The earliest expiry over all peers, or -1 when there are none: when to call expire().
    qint64 nextExpiryMs() const;
    quint64 refused() const { return m_refused; }

private:
    const Clock &m_clock;
    int m_maxPeersPerGroup;
    QHash<QString, QHash<NodeId, Peer>> m_groups;
    quint64 m_refused = 0;
};

} // namespace Shoal
