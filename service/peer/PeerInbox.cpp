#include "service/peer/PeerInbox.h"

#include "service/common/Counters.h"
#include "service/peer/AnswerMatch.h"
#include "service/peer/AnswerScheduler.h"
#include "service/peer/AskTracker.h"
#include "service/peer/PeerTable.h"
#include "shared/LogCategories.h"

namespace Shoal {

namespace {

QString tsigReason(Tsig::Result result)
{
    return u"tsig-"_qs + QString::fromLatin1(Tsig::resultName(result));
}

bool carriesRecords(PeerMessageKind kind)
{
    return kind == PeerMessageKind::Answer || kind == PeerMessageKind::Share;
}

} // namespace

PeerInbox::PeerInbox(const Clock &clock, Counters &counters, const NodeId &self,
                     const PeerTable &table, const AskTracker &asks, AnswerScheduler &heard)
    : m_clock(clock)
    , m_tsig(clock)
    , m_replay(clock)
    , m_self(self)
    , m_table(table)
    , m_asks(asks)
    , m_heard(heard)
    , m_own(counters.counter(u"peer.ignored.own"_qs, u"our own group messages, looped back"_qs))
    , m_suppressed(counters.counter(u"peer.answers.suppressed"_qs,
                                    u"answers not sent because another member answered first"_qs))
{
    for (const QString &reason : dropReasons()) {
        m_reasons[reason].counter =
            &counters.counter(u"peer.dropped."_qs + reason, u"peer messages dropped: "_qs + reason);
    }
}

QStringList PeerInbox::dropReasons()
{
    QStringList reasons{u"too-large"_qs,       u"rate-limited"_qs, u"not-joined"_qs,
                        u"tsig-unexpected"_qs, u"replay"_qs,       u"unsolicited"_qs,
                        u"not-member"_qs,      u"mismatch"_qs};
    for (const Tsig::Result result :
         {Tsig::Result::Unsigned, Tsig::Result::BadKey, Tsig::Result::BadSig, Tsig::Result::BadTime,
          Tsig::Result::Malformed})
        reasons.append(tsigReason(result));
    for (int error = int(PeerMessage::DecodeError::TooLarge);
         error <= int(PeerMessage::DecodeError::BadPresence); ++error)
        reasons.append(
            QString::fromLatin1(PeerMessage::decodeErrorName(PeerMessage::DecodeError(error))));
    reasons.removeDuplicates();
    return reasons;
}

void PeerInbox::setGroups(const QList<JoinedGroup> &groups)
{
    m_groups = groups;
}

PeerInbox::Verdict PeerInbox::receive(const PeerDatagram &datagram)
{
    Verdict verdict;
    const qint64 now = m_clock.nowMs();
    if (datagram.data.size() > PeerMessage::maxWireSize)
        return drop(verdict, u"too-large"_qs, datagram);
    if (!m_limiter.allow(PeerRateLimiter::keyFor(datagram.source), now))
        return drop(verdict, u"rate-limited"_qs, datagram);

    Authenticated authenticated;
    QString reason;
    if (!authenticate(datagram, authenticated, reason))
        return drop(verdict, reason, datagram);
    verdict.group = authenticated.group->name;
    verdict.keyed = authenticated.group->keyed();
    if (verdict.keyed && !admitReplay(authenticated))
        return drop(verdict, u"replay"_qs, datagram);

    PeerMessage::Decoded decoded = PeerMessage::decode(datagram.data);
    if (!decoded.message)
        return drop(verdict, QString::fromLatin1(PeerMessage::decodeErrorName(decoded.error)),
                    datagram);
    verdict.message = std::move(*decoded.message);
    const PeerMessage &message = verdict.message;
    if (message.sender == m_self) {
        ++m_own;
        verdict.outcome = Outcome::Own;
        return verdict;
    }
    if (!m_limiter.allow(PeerRateLimiter::keyFor(message.sender), now))
        return drop(verdict, u"rate-limited"_qs, datagram);

    if (message.kind == PeerMessageKind::Answer &&
        m_heard.suppress(verdict.group, message.id, message.question))
        ++m_suppressed;
    if (!classifyAnswer(verdict, reason) || !checkMembership(verdict, reason))
        return drop(verdict, reason, datagram);
    if (carriesRecords(message.kind) &&
        !AnswerMatch::fits(message.question, message.rcode, message.answers, message.authorities))
        return drop(verdict, u"mismatch"_qs, datagram);
    verdict.outcome = Outcome::Accepted;
    return verdict;
}

QList<const JoinedGroup *> PeerInbox::groupsAt(const QHostAddress &address, quint16 port) const
{
    QList<const JoinedGroup *> found;
    for (const JoinedGroup &group : m_groups) {
        if (group.port == port && group.address.isEqual(address, QHostAddress::TolerantConversion))
            found.append(&group);
    }
    return found;
}

// Which joined group the datagram belongs to, proven by its TSIG key; an unsigned one belongs
// to an open group at that address, if there is one.
bool PeerInbox::authenticate(const PeerDatagram &datagram, Authenticated &out,
                             QString &reason) const
{
    const QList<const JoinedGroup *> candidates = groupsAt(datagram.destination, datagram.port);
    if (candidates.isEmpty()) {
        reason = u"not-joined"_qs;
        return false;
    }
    QList<GroupKey> keys;
    const JoinedGroup *open = nullptr;
    for (const JoinedGroup *group : candidates) {
        if (group->keyed())
            keys.append(*group->key);
        else if (!open)
            open = group;
    }
    out.verification = m_tsig.verify(datagram.data, keys);
    const Tsig::Result result = out.verification.result;
    if (result == Tsig::Result::Ok) {
        for (const JoinedGroup *group : candidates) {
            if (group->keyed() && group->name == out.verification.key->group())
                out.group = group;
        }
        return out.group != nullptr;
    }
    if (result == Tsig::Result::Unsigned && open) {
        out.group = open;
        return true;
    }
    if (keys.isEmpty())
        reason = result == Tsig::Result::Malformed ? u"malformed"_qs : u"tsig-unexpected"_qs;
    else
        reason = tsigReason(result);
    return false;
}

bool PeerInbox::admitReplay(const Authenticated &authenticated)
{
    const TsigRecord &record = authenticated.verification.record;
    return m_replay.admit(record.keyName, record.timeSigned, record.mac);
}

bool PeerInbox::classifyAnswer(Verdict &verdict, QString &reason) const
{
    const PeerMessage &message = verdict.message;
    switch (message.kind) {
    case PeerMessageKind::Announce:
    case PeerMessageKind::Goodbye:
        verdict.role = Role::Presence;
        return true;
    case PeerMessageKind::Ask:
        verdict.role = Role::Ask;
        return true;
    case PeerMessageKind::Share:
        verdict.role = Role::Learn;
        return true;
    case PeerMessageKind::Answer:
        break;
    }
    switch (m_asks.match(message.id, message.question)) {
    case AskTracker::Match::Waiting:
        verdict.role = Role::OurAnswer;
        return true;
    case AskTracker::Match::Answered:
        verdict.role = Role::LateAnswer;
        return true;
    case AskTracker::Match::None:
        break;
    }
    if (verdict.keyed && m_heard.wasHeard(verdict.group, message.id, message.question)) {
        verdict.role = Role::Learn;
        return true;
    }
    reason = u"unsolicited"_qs;
    return false;
}

// Records are taken only from members: of any group for answers to our own Asks, of a keyed
// group for anything unasked (an open group's records are never taken unasked).
bool PeerInbox::checkMembership(const Verdict &verdict, QString &reason) const
{
    if (!carriesRecords(verdict.message.kind))
        return true;
    const bool unasked = verdict.role == Role::Learn;
    if ((unasked && !verdict.keyed) || !m_table.find(verdict.group, verdict.message.sender)) {
        reason = u"not-member"_qs;
        return false;
    }
    return true;
}

PeerInbox::Verdict PeerInbox::drop(Verdict verdict, const QString &reason,
                                   const PeerDatagram &datagram)
{
    verdict.outcome = Outcome::Dropped;
    verdict.dropReason = reason;
    Reason &entry = m_reasons[reason];
    if (entry.counter)
        ++*entry.counter;
    if (entry.log.allow(m_clock.nowMs())) {
        qCInfo(lcPeer).noquote() << "peer message dropped:" << reason << "from"
                                 << datagram.source.toString() << "port" << datagram.sourcePort
                                 << "to" << datagram.destination.toString() << "group"
                                 << (verdict.group.isEmpty() ? u"-"_qs : verdict.group)
                                 << "suppressed" << entry.log.suppressed();
    }
    return verdict;
}

} // namespace Shoal
