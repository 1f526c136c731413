#pragma once

#include "service/common/Clock.h"
#include "service/common/LogLimiter.h"
#include "service/peer/JoinedGroup.h"
#include "service/peer/PeerDatagram.h"
#include "service/peer/PeerMessage.h"
#include "service/peer/PeerRateLimiter.h"
#include "service/peer/ReplayGuard.h"
#include "service/peer/Tsig.h"

#include <QHash>
#include <QList>
#include <QString>

namespace Shoal {

class AnswerScheduler;
class AskTracker;
class Counters;
class PeerTable;

// The ladder every multicast datagram climbs (docs/protocol.md, "Receiving"): size, rate by
// source address, which joined group it was sent to, TSIG (or none, in an open group), replay,
// decoding, our own echo, rate by node id, whether an Answer was asked for, membership, and
// whether the records belong to the question. The first rung that fails drops the datagram,
// counts it under peer.dropped.<reason> and logs one rate-limited line; nothing of it reaches
// the cache. A datagram that climbs every rung comes back with the role it plays.
//
// One side effect on the way: an Answer from another member to an Ask this node means to
// answer cancels that answer (suppression), whatever the rest of the ladder says of it.
class PeerInbox
{
public:
    enum class Outcome
    {
        Dropped,
        Own, // our own message, looped back by multicast
        Accepted
    };

    enum class Role
    {
        Presence,   // Announce or Goodbye
        Ask,        // another member asks
        OurAnswer,  // the first Answer to an Ask of ours still waiting
        LateAnswer, // an Answer to an Ask of ours that was answered already
        Learn       // a Share, or an Answer to an Ask heard from another member (keyed only)
    };

    struct Verdict
    {
        Outcome outcome = Outcome::Dropped;
        QString dropReason; // the counter suffix, when dropped
        Role role = Role::Presence;
        QString group;
        bool keyed = false;
        PeerMessage message;
    };

    PeerInbox(const Clock &clock, Counters &counters, const NodeId &self, const PeerTable &table,
              const AskTracker &asks, AnswerScheduler &heard);

    void setGroups(const QList<JoinedGroup> &groups);
    void setSelf(const NodeId &self) { m_self = self; }

    Verdict receive(const PeerDatagram &datagram);

    // Every counter name the ladder can drop under, so they show as 0 from the start.
    static QStringList dropReasons();

private:
    struct Reason
    {
        quint64 *counter = nullptr;
        LogLimiter log{5, 60'000};
    };

    struct Authenticated
    {
        const JoinedGroup *group = nullptr;
        Tsig::Verification verification;
    };

    Verdict drop(Verdict verdict, const QString &reason, const PeerDatagram &datagram);
    QList<const JoinedGroup *> groupsAt(const QHostAddress &address, quint16 port) const;
    bool authenticate(const PeerDatagram &datagram, Authenticated &out, QString &reason) const;
    bool admitReplay(const Authenticated &authenticated);
    bool classifyAnswer(Verdict &verdict, QString &reason) const;
    bool checkMembership(const Verdict &verdict, QString &reason) const;

    const Clock &m_clock;
    Tsig m_tsig;
    ReplayGuard m_replay;
    PeerRateLimiter m_limiter;
    NodeId m_self;
    const PeerTable &m_table;
    const AskTracker &m_asks;
    AnswerScheduler &m_heard;
    QList<JoinedGroup> m_groups;
    QHash<QString, Reason> m_reasons;
    quint64 &m_own;
    quint64 &m_suppressed;
};

} // namespace Shoal
