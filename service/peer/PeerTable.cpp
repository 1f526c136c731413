#include "service/peer/PeerTable.h"

#include <algorithm>

namespace Shoal {

PeerTable::PeerTable(const Clock &clock, int maxPeersPerGroup)
    : m_clock(clock)
    , m_maxPeersPerGroup(std::max(1, maxPeersPerGroup))
{}

quint32 PeerTable::holdSecondsFor(quint32 intervalSeconds)
{
    return std::clamp<quint32>(intervalSeconds * missedAnnouncements, minHoldSeconds,
                               maxHoldSeconds);
}

PeerTable::Update PeerTable::announce(const QString &group, const NodeId &id,
                                      const QHostAddress &address, quint16 port,
                                      const PeerPresence &presence, quint32 holdSeconds)
{
    const qint64 now = m_clock.nowMs();
    QHash<NodeId, Peer> &members = m_groups[group];
    auto it = members.find(id);
    Update update = Update::Refreshed;
    if (it == members.end()) {
        if (members.size() >= m_maxPeersPerGroup) {
            ++m_refused;
            if (members.isEmpty())
                m_groups.remove(group);
            return Update::Refused;
        }
        it = members.insert(id, Peer{id, {}, 0, {}, now, now, now});
        update = Update::Added;
    }
    // The table is what a flood of forged presence would grow: its bound must hold.
    Q_ASSERT(members.size() <= m_maxPeersPerGroup);
    const quint32 hold = std::clamp(holdSeconds, minHoldSeconds, maxHoldSeconds);
    it->address = address;
    it->port = port;
    it->presence = presence;
    it->lastSeenMs = now;
    it->expiresMs = now + qint64(hold) * 1000;
    return update;
}

PeerTable::Update PeerTable::goodbye(const QString &group, const NodeId &id)
{
    auto groupIt = m_groups.find(group);
    if (groupIt == m_groups.end() || !groupIt->remove(id))
        return Update::Unknown;
    if (groupIt->isEmpty())
        m_groups.erase(groupIt);
    return Update::Removed;
}

QList<PeerTable::Expired> PeerTable::expire()
{
    const qint64 now = m_clock.nowMs();
    QList<Expired> expired;
    for (auto groupIt = m_groups.begin(); groupIt != m_groups.end();) {
        for (auto it = groupIt->begin(); it != groupIt->end();) {
            if (it->expiresMs > now) {
                ++it;
                continue;
            }
            expired.append({groupIt.key(), *it});
            it = groupIt->erase(it);
        }
        groupIt = groupIt->isEmpty() ? m_groups.erase(groupIt) : std::next(groupIt);
    }
    return expired;
}

void PeerTable::removeGroup(const QString &group)
{
    m_groups.remove(group);
}

const Peer *PeerTable::find(const QString &group, const NodeId &id) const
{
    const auto groupIt = m_groups.constFind(group);
    if (groupIt == m_groups.cend())
        return nullptr;
    const auto it = groupIt->constFind(id);
    return it == groupIt->cend() ? nullptr : &*it;
}

QList<Peer> PeerTable::peers(const QString &group) const
{
    return m_groups.value(group).values();
}

int PeerTable::count(const QString &group) const
{
    const auto groupIt = m_groups.constFind(group);
    return groupIt == m_groups.cend() ? 0 : int(groupIt->size());
}

QStringList PeerTable::groups() const
{
    return m_groups.keys();
}

qint64 PeerTable::nextExpiryMs() const
{
    qint64 next = -1;
    for (const QHash<NodeId, Peer> &members : m_groups) {
        for (const Peer &peer : members) {
            if (next < 0 || peer.expiresMs < next)
                next = peer.expiresMs;
        }
    }
    return next;
}

} // namespace Shoal
