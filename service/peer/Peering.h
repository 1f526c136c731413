#pragma once

#include "service/common/LogLimiter.h"
#include "service/config/GroupConfig.h"
#include "service/peer/AnswerScheduler.h"
#include "service/peer/AskTracker.h"
#include "service/peer/GroupStore.h"
#include "service/peer/JoinedGroup.h"
#include "service/peer/NodeId.h"
#include "service/peer/PeerAnswerCodec.h"
#include "service/peer/PeerInbox.h"
#include "service/peer/PeerRateLimiter.h"
#include "service/peer/PeerTable.h"
#include "service/peer/PeeringOptions.h"
#include "service/peer/PrivateDomains.h"
#include "service/peer/Tsig.h"
#include "service/peer/UnicastResponder.h"
#include "service/resolver/PeerAsker.h"
#include "shared/control/ControlTypes.h"

#include <QHash>
#include <QList>
#include <QNetworkInterface>
#include <QObject>
#include <QString>
#include <QTimer>
#include <map>
#include <memory>
#include <optional>

namespace Shoal {

class Cache;
class CacheStore;
class Clock;
class Counters;
class GroupSocket;

// The interest groups at run time: joins and leaves groups, keeps the table of their members
// from their announcements, asks the groups for what the upstream cannot answer, answers their
// questions from the cache, and offers them what the upstream told this node. It is the
// resolver's PeerAsker. docs/protocol.md describes the protocol it speaks.
//
// Every datagram goes through PeerInbox's ladder before anything of it is used; records are
// taken from a member only as the answer to an Ask of ours (any group), or unasked -- a Share,
// or an Answer to an Ask heard from another member -- from a member of a keyed group. Records
// that came from peers are passed on (in Answers) only to keyed groups, and only when the peer
// they came from is a known member of a keyed group; they are never shared.
//
// Groups joined at run time (join(JoinRequest)) are remembered in the state directory
// (GroupStore); groups of the configuration are joined by start() every time. All timing comes
// from the Clock; processDueWork() does whatever has fallen due, and a timer calls it.
class Peering : public QObject, public PeerAsker
{
    Q_OBJECT

public:
    static constexpr int maxGroups = 64;

    Peering(Cache &cache, CacheStore *store, const Clock &clock, Counters &counters,
            PeeringOptions options, QObject *parent = nullptr);
    ~Peering() override;

    // Joins the configured groups, then those joined at run time before; failures are logged.
    void start(const QList<GroupConfig> &configured);
    // Each returns an empty string on success, else why not, for a person.
    QString join(const GroupConfig &config);
    QString join(const Control::JoinRequest &request);
    QString leave(const QString &name);
    // Says Goodbye to every group; nothing is sent after it. Called on shutdown.
    void shutdown();

    QList<Control::Group> groups() const;
    QList<Control::Peer> peers() const;
    const NodeId &nodeId() const { return m_nodeId; }
    QString interfaceName() const { return m_interface.name(); }

    bool canAsk() const override;
    quint64 ask(const QByteArray &wireName, quint16 type, quint16 klass,
                AnswerFunction done) override;
    void cancel(quint64 id) override;
    void share(const StoredAnswer &answer) override;

public slots:
    // The upstream went down (true) or came back (false): every group is told at once.
    void setUpstreamOutage(bool outage);
    // Expires peers and Asks, sends the Answers and announcements that are due.
    void processDueWork();

signals:
    void peerCame(const QString &group, const QString &nodeId, const QString &host);
    void peerWent(const QString &group, const QString &nodeId, const QString &host);
    void groupJoined(const QString &name);
    void groupLeft(const QString &name);

private:
    QNetworkInterface chooseInterface() const;
    QString addGroup(JoinedGroup group);
    void rememberRuntimeGroups();
    void joinRemembered();
    GroupSocket *socketFor(quint16 port, QString *error);
    bool addressInUse(const QHostAddress &address, quint16 port) const;
    const JoinedGroup *findGroup(const QString &name) const;

    void onDatagram(const PeerDatagram &datagram);
    void onUnicast(const PeerDatagram &datagram);
    void onPresence(const PeerInbox::Verdict &verdict, const PeerDatagram &datagram);
    void onAsk(const PeerInbox::Verdict &verdict);
    void onOurAnswer(const PeerMessage &message);
    void onLearn(const PeerMessage &message);
    void sendAnswer(const AnswerScheduler::Due &due);

    std::optional<PeerAnswerCodec::Records> recordsFor(const Dns::Question &question,
                                                       const JoinedGroup &group) const;
    bool peerIsKeyedMember(const QString &nodeIdHex) const;
    bool sendMessage(const JoinedGroup &group, const PeerMessage &message);
    PeerPresence presence() const;
    quint32 holdSeconds() const;
    void announce(const JoinedGroup &group);
    void announceSoon(const QString &group);
    void announceAll();
    void expirePeers();
    void sendDueAnnouncements(qint64 nowMs);
    qint64 nextWakeMs() const;
    void scheduleWake();
    qint64 jitteredIntervalMs() const;
    qint64 answerDelayMs(const QString &group, const NodeId &asker);

    Cache &m_cache;
    CacheStore *m_store;
    const Clock &m_clock;
    PeeringOptions m_options;
    NodeId m_nodeId;
    QNetworkInterface m_interface;
    PrivateDomains m_private;
    GroupStore m_groupStore;
    Tsig m_tsig;
    PeerTable m_table;
    AskTracker m_asks;
    AnswerScheduler m_heard;
    PeerInbox m_inbox;
    UnicastResponder m_unicast;
    PeerRateLimiter m_shareLimiter;
    QList<JoinedGroup> m_groups;
    std::map<quint16, std::unique_ptr<GroupSocket>> m_sockets;
    QHash<QString, qint64> m_lastAnnounceMs;
    QHash<QString, qint64> m_newcomerAnnounceMs; // group -> when to announce for a newcomer
    qint64 m_nextAnnounceMs = -1;
    quint32 m_announceSequence = 0;
    bool m_outage = false;
    bool m_shutDown = false;
    QTimer m_wakeTimer;
    LogLimiter m_sendErrorLog{5, 60'000};

    quint64 &m_asksSent;
    quint64 &m_asksReceived;
    quint64 &m_asksTimedOut;
    quint64 &m_asksRefused;
    quint64 &m_answersSent;
    quint64 &m_answersAccepted;
    quint64 &m_answersLate;
    quint64 &m_answersLearned;
    quint64 &m_answersTooLarge;
    quint64 &m_urgentAnswersScheduled;
    quint64 &m_sharesSent;
    quint64 &m_sharesAccepted;
    quint64 &m_sharesRateLimited;
    quint64 &m_sharesTooLarge;
    quint64 &m_learnRefused;
    quint64 &m_announcesSent;
    quint64 &m_goodbyesSent;
    quint64 &m_peersCame;
    quint64 &m_peersWent;
    quint64 &m_peersRefused;
    quint64 &m_sendErrors;
};

} // namespace Shoal
