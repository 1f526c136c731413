#include "service/peer/Peering.h"

#include "service/cache/AnswerRenderer.h"
#include "service/cache/Cache.h"
#include "service/cache/CacheStore.h"
#include "service/common/Clock.h"
#include "service/common/Counters.h"
#include "service/peer/GroupSetup.h"
#include "service/peer/GroupSocket.h"
#include "shared/LogCategories.h"

#include <QRandomGenerator>
#include <QSysInfo>
#include <algorithm>
#include <limits>

namespace Shoal {

namespace {

NodeId loadNodeId(const QString &stateDir)
{
    if (stateDir.isEmpty())
        return NodeId::random();
    const NodeId::Loaded loaded = NodeId::loadOrCreate(stateDir);
    if (!loaded.error.isEmpty())
        qCWarning(lcPeer).noquote() << "node id not saved:" << loaded.error;
    return loaded.id;
}

PeeringOptions withDefaults(PeeringOptions options)
{
    if (options.hostName.isEmpty())
        options.hostName = PeerPresence::announceableHostName(QSysInfo::machineHostName());
    if (options.hostName.isEmpty())
        options.hostName = u"shoal"_qs;
    options.announceIntervalMs = qMax(1000, options.announceIntervalMs);
    options.answerDelayMaxMs = qMax(options.answerDelayMinMs, options.answerDelayMaxMs);
    options.urgentAnswerDelayMaxMs =
        qMax(options.urgentAnswerDelayMinMs, options.urgentAnswerDelayMaxMs);
    return options;
}

PeerRateLimiter::Limits shareLimits(const PeeringOptions &options)
{
    PeerRateLimiter::Limits limits;
    limits.ratePerSecond = qMax(1, options.sharesPerSecond);
    limits.burst = qMax(1, options.shareBurst);
    limits.maxKeys = 1;
    return limits;
}

// The question of a cached entry, from its key: lower-cased name, type, class.
Dns::Question questionOf(const StoredAnswer &answer)
{
    const QByteArrayView key = answer.key();
    const auto *tail = reinterpret_cast<const std::uint8_t *>(key.data()) + key.size() - 4;
    return Dns::Question{key.first(key.size() - 4).toByteArray(), Dns::readU16(tail),
                         Dns::readU16(tail + 2)};
}

quint64 &count(Counters &counters, const char *name, const char *description)
{
    return counters.counter(QString::fromLatin1(name), QString::fromLatin1(description));
}

} // namespace

Peering::Peering(Cache &cache, CacheStore *store, const Clock &clock, Counters &counters,
                 PeeringOptions options, QObject *parent)
    : QObject(parent)
    , m_cache(cache)
    , m_store(store)
    , m_clock(clock)
    , m_options(withDefaults(std::move(options)))
    , m_nodeId(loadNodeId(m_options.stateDir))
    , m_interface(chooseInterface())
    , m_private(m_options.privateDomains)
    , m_groupStore(m_options.stateDir)
    , m_tsig(clock)
    , m_table(clock)
    , m_asks(m_options.maxOutstandingAsks, m_options.askTimeoutMs)
    , m_heard(m_options.maxHeardAsks, m_options.askTimeoutMs)
    , m_inbox(clock, counters, m_nodeId, m_table, m_asks, m_heard)
    , m_unicast(cache, clock, counters, m_private)
    , m_shareLimiter(shareLimits(m_options))
    , m_asksSent(count(counters, "peer.asks.sent", "questions multicast to the groups"))
    , m_asksReceived(count(counters, "peer.asks.received", "questions heard from other members"))
    , m_asksTimedOut(
          count(counters, "peer.asks.timed-out", "our questions no member answered in time"))
    , m_asksRefused(
          count(counters, "peer.asks.refused", "questions not asked: too many outstanding"))
    , m_answersSent(
          count(counters, "peer.answers.sent", "answers sent to other members' questions"))
    , m_answersAccepted(count(counters, "peer.answers.accepted",
                              "answers to our questions handed to the resolver"))
    , m_answersLate(
          count(counters, "peer.answers.late", "answers to our questions after the first, ignored"))
    , m_answersLearned(count(counters, "peer.answers.learned",
                             "answers to other members' questions taken into the cache"))
    , m_answersTooLarge(
          count(counters, "peer.answers.too-large", "answers not sent: over 1400 bytes"))
    , m_urgentAnswersScheduled(
          count(counters, "peer.answers.urgent",
                "answers scheduled in the short window: the asker is in outage"))
    , m_sharesSent(count(counters, "peer.shares.sent", "upstream answers offered to keyed groups"))
    , m_sharesAccepted(
          count(counters, "peer.shares.accepted", "shares from members taken into the cache"))
    , m_sharesRateLimited(count(counters, "peer.shares.rate-limited",
                                "upstream answers not shared: over the share rate"))
    , m_sharesTooLarge(
          count(counters, "peer.shares.too-large", "upstream answers not shared: over 1400 bytes"))
    , m_learnRefused(
          count(counters, "peer.learn.refused",
                "shared or learned records the cache kept its own entry for, or private names"))
    , m_announcesSent(count(counters, "peer.announces.sent", "presence announcements sent"))
    , m_goodbyesSent(count(counters, "peer.goodbyes.sent", "goodbyes sent on leaving a group"))
    , m_peersCame(count(counters, "peer.peers.came", "members heard for the first time"))
    , m_peersWent(count(counters, "peer.peers.went", "members that said goodbye or expired"))
    , m_peersRefused(count(counters, "peer.peers.refused",
                           "announcements refused: the group's peer table is full"))
    , m_sendErrors(count(counters, "peer.send-errors", "group messages the socket would not send"))
{
    m_inbox.setSelf(m_nodeId);
    m_wakeTimer.setSingleShot(true);
    connect(&m_wakeTimer, &QTimer::timeout, this, &Peering::processDueWork);
    qCInfo(lcPeer).noquote() << "peering node id" << QString::fromLatin1(m_nodeId.toHex())
                             << "interface"
                             << (m_interface.isValid() ? m_interface.name() : u"none"_qs);
}

Peering::~Peering()
{
    shutdown();
}

QNetworkInterface Peering::chooseInterface() const
{
    if (!m_options.interfaceName.isEmpty())
        return QNetworkInterface::interfaceFromName(m_options.interfaceName);
    const QList<QNetworkInterface> all = QNetworkInterface::allInterfaces();
    const auto wanted =
        QNetworkInterface::IsUp | QNetworkInterface::IsRunning | QNetworkInterface::CanMulticast;
    for (const QNetworkInterface &candidate : all) {
        if ((candidate.flags() & wanted) == wanted &&
            !(candidate.flags() & QNetworkInterface::IsLoopBack))
            return candidate;
    }
    for (const QNetworkInterface &candidate : all) {
        if (candidate.flags() & QNetworkInterface::IsLoopBack)
            return candidate;
    }
    return {};
}

// --- groups ---------------------------------------------------------------------------------

void Peering::start(const QList<GroupConfig> &configured)
{
    for (const GroupConfig &config : configured) {
        const QString error = join(config);
        if (!error.isEmpty())
            qCWarning(lcPeer).noquote() << "group not joined:" << error;
    }
    joinRemembered();
}

void Peering::joinRemembered()
{
    for (const GroupStore::Entry &entry : m_groupStore.load()) {
        if (findGroup(entry.name))
            continue;
        const GroupConfig config{entry.name, entry.keyFile, entry.open, QHostAddress(entry.address),
                                 entry.port, entry.share};
        QString error;
        std::optional<JoinedGroup> group =
            GroupSetup::fromConfig(config, m_options.defaultPort, &error);
        if (group) {
            group->configured = false;
            group->keyStored = entry.keyStored;
            error = addGroup(std::move(*group));
        }
        if (!error.isEmpty())
            qCWarning(lcPeer).noquote() << "remembered group not joined:" << error;
    }
}

QString Peering::join(const GroupConfig &config)
{
    QString error;
    std::optional<JoinedGroup> group =
        GroupSetup::fromConfig(config, m_options.defaultPort, &error);
    return group ? addGroup(std::move(*group)) : error;
}

QString Peering::join(const Control::JoinRequest &request)
{
    QString error;
    std::optional<JoinedGroup> group =
        GroupSetup::fromRequest(request, m_options.defaultPort, &error);
    if (!group)
        return error;
    if (group->keyed() && group->keyFile.isEmpty() && m_groupStore.isEnabled()) {
        group->keyFile = m_groupStore.saveKey(*group->key, &error);
        if (group->keyFile.isEmpty())
            return QStringLiteral("cannot keep the key of %1: %2").arg(group->name, error);
        group->keyStored = true;
    }
    const QString name = group->name;
    const bool keyStored = group->keyStored;
    error = addGroup(std::move(*group));
    if (!error.isEmpty() && keyStored && !findGroup(name))
        m_groupStore.removeKey(name);
    if (error.isEmpty())
        rememberRuntimeGroups();
    return error;
}

QString Peering::addGroup(JoinedGroup group)
{
    if (m_shutDown)
        return QStringLiteral("shutting down");
    if (findGroup(group.name))
        return QStringLiteral("already a member of %1").arg(group.name);
    if (m_groups.size() >= maxGroups)
        return QStringLiteral("already a member of %1 groups, the most there can be")
            .arg(maxGroups);
    if (!m_interface.isValid())
        return QStringLiteral("no network interface '%1' for group traffic")
            .arg(m_options.interfaceName);
    QString error;
    GroupSocket *socket = socketFor(group.port, &error);
    if (!socket)
        return error;
    if (!addressInUse(group.address, group.port) && !socket->join(group.address, &error))
        return error;
    m_groups.append(group);
    m_inbox.setGroups(m_groups);
    qCInfo(lcPeer).noquote() << "group joined:" << group.name << "address"
                             << group.address.toString() << "port" << group.port
                             << (group.keyed() ? "keyed" : "open") << "share"
                             << (group.share ? "on" : "off");
    announce(group);
    if (m_nextAnnounceMs < 0)
        m_nextAnnounceMs = m_clock.nowMs() + jitteredIntervalMs();
    scheduleWake();
    emit groupJoined(group.name);
    return {};
}

QString Peering::leave(const QString &name)
{
    const JoinedGroup *found = findGroup(name);
    if (!found)
        return QStringLiteral("not a member of %1").arg(name.left(64));
    const JoinedGroup group = *found;
    if (!m_shutDown) {
        sendMessage(group, PeerMessage::goodbye(m_nodeId, presence()));
        ++m_goodbyesSent;
    }
    m_groups.removeIf([&](const JoinedGroup &g) { return g.name == group.name; });
    m_inbox.setGroups(m_groups);
    m_table.removeGroup(group.name);
    m_lastAnnounceMs.remove(group.name);
    m_newcomerAnnounceMs.remove(group.name);
    if (const auto it = m_sockets.find(group.port); it != m_sockets.end()) {
        if (!addressInUse(group.address, group.port))
            it->second->leave(group.address);
        if (std::none_of(m_groups.begin(), m_groups.end(),
                         [&](const JoinedGroup &g) { return g.port == group.port; }))
            m_sockets.erase(it);
    }
    if (!group.configured) {
        if (group.keyStored)
            m_groupStore.removeKey(group.name);
        rememberRuntimeGroups();
    }
    qCInfo(lcPeer).noquote() << "group left:" << group.name;
    emit groupLeft(group.name);
    return {};
}

void Peering::rememberRuntimeGroups()
{
    QString error;
    if (!m_groupStore.save(m_groups, &error))
        qCWarning(lcPeer).noquote() << "groups not saved:" << error;
}

void Peering::shutdown()
{
    if (m_shutDown)
        return;
    for (const JoinedGroup &group : std::as_const(m_groups)) {
        sendMessage(group, PeerMessage::goodbye(m_nodeId, presence()));
        ++m_goodbyesSent;
    }
    m_shutDown = true;
    m_wakeTimer.stop();
}

GroupSocket *Peering::socketFor(quint16 port, QString *error)
{
    if (const auto it = m_sockets.find(port); it != m_sockets.end())
        return it->second.get();
    auto socket = std::make_unique<GroupSocket>(port, m_interface);
    if (!socket->open(error))
        return nullptr;
    connect(socket.get(), &GroupSocket::received, this, &Peering::onDatagram);
    return m_sockets.emplace(port, std::move(socket)).first->second.get();
}

bool Peering::addressInUse(const QHostAddress &address, quint16 port) const
{
    return std::any_of(m_groups.begin(), m_groups.end(), [&](const JoinedGroup &g) {
        return g.port == port && g.address == address;
    });
}

const JoinedGroup *Peering::findGroup(const QString &name) const
{
    for (const JoinedGroup &group : m_groups) {
        if (group.name == name)
            return &group;
    }
    return nullptr;
}

QList<Control::Group> Peering::groups() const
{
    QList<Control::Group> out;
    for (const JoinedGroup &group : m_groups) {
        out.append(Control::Group{group.name, group.address.toString(), group.port, group.keyed(),
                                  m_table.count(group.name), group.share && group.keyed()});
    }
    return out;
}

QList<Control::Peer> Peering::peers() const
{
    QList<Control::Peer> out;
    for (const JoinedGroup &group : m_groups) {
        for (const Peer &peer : m_table.peers(group.name)) {
            out.append(Control::Peer{group.name, QString::fromLatin1(peer.id.toHex()),
                                     peer.presence.hostName,
                                     peer.address.toString() + u':' + QString::number(peer.port),
                                     peer.presence.upstream == PeerPresence::Upstream::Up,
                                     peer.presence.cacheEntries, peer.lastSeenMs});
        }
    }
    return out;
}

// --- receiving ------------------------------------------------------------------------------

void Peering::onDatagram(const PeerDatagram &datagram)
{
    if (m_shutDown)
        return;
    if (!datagram.destination.isMulticast()) {
        onUnicast(datagram);
        return;
    }
    const PeerInbox::Verdict verdict = m_inbox.receive(datagram);
    if (verdict.outcome != PeerInbox::Outcome::Accepted)
        return;
    switch (verdict.role) {
    case PeerInbox::Role::Presence:
        onPresence(verdict, datagram);
        break;
    case PeerInbox::Role::Ask:
        onAsk(verdict);
        break;
    case PeerInbox::Role::OurAnswer:
        onOurAnswer(verdict.message);
        break;
    case PeerInbox::Role::LateAnswer:
        ++m_answersLate;
        break;
    case PeerInbox::Role::Learn:
        onLearn(verdict.message);
        break;
    }
    scheduleWake();
}

void Peering::onUnicast(const PeerDatagram &datagram)
{
    QList<GroupKey> keys;
    for (const JoinedGroup &group : std::as_const(m_groups)) {
        if (group.keyed() && group.port == datagram.port)
            keys.append(*group.key);
    }
    const QByteArray reply = m_unicast.respond(datagram, keys);
    const auto it = m_sockets.find(datagram.port);
    if (!reply.isEmpty() && it != m_sockets.end())
        it->second->send(reply, datagram.source, datagram.sourcePort);
}

void Peering::onPresence(const PeerInbox::Verdict &verdict, const PeerDatagram &datagram)
{
    const PeerMessage &message = verdict.message;
    const QString id = QString::fromLatin1(message.sender.toHex());
    const QString &host = message.presence.hostName;
    if (message.kind == PeerMessageKind::Goodbye) {
        if (m_table.goodbye(verdict.group, message.sender) == PeerTable::Update::Removed) {
            ++m_peersWent;
            qCInfo(lcPeer).noquote()
                << "peer went:" << host << id << "group" << verdict.group << "(goodbye)";
            emit peerWent(verdict.group, id, host);
        }
        return;
    }
    const PeerTable::Update update =
        m_table.announce(verdict.group, message.sender, datagram.source, datagram.sourcePort,
                         message.presence, message.presenceTtl);
    if (update == PeerTable::Update::Refused) {
        ++m_peersRefused;
        return;
    }
    if (update != PeerTable::Update::Added)
        return;
    ++m_peersCame;
    qCInfo(lcPeer).noquote() << "peer came:" << host << id << "group" << verdict.group << "from"
                             << datagram.source.toString();
    emit peerCame(verdict.group, id, host);
    // Let the newcomer learn of us now rather than at our next periodic announcement.
    announceSoon(verdict.group);
}

void Peering::onAsk(const PeerInbox::Verdict &verdict)
{
    ++m_asksReceived;
    const PeerMessage &message = verdict.message;
    const JoinedGroup *group = findGroup(verdict.group);
    const bool canAnswer = group && !m_private.covers(message.question.name) &&
                           recordsFor(message.question, *group).has_value();
    const qint64 now = m_clock.nowMs();
    m_heard.heard(verdict.group, message.id, message.question, now,
                  canAnswer ? now + answerDelayMs(verdict.group, message.sender) : -1);
}

void Peering::onOurAnswer(const PeerMessage &message)
{
    const AnswerFunction done = m_asks.take(message.id, message.question);
    if (!done)
        return;
    ++m_answersAccepted;
    done(PeerAnswer{PeerAnswerCodec::toResponse(message, m_cache.limits().maxTtl),
                    QString::fromLatin1(message.sender.toHex())});
}

// A Share, or an Answer to another member's Ask, from a member of a keyed group: into the
// cache with the peer as source, unless the cache holds a fresh upstream entry for it (which a
// peer never displaces) or the name is private.
void Peering::onLearn(const PeerMessage &message)
{
    const qint64 now = m_clock.nowMs();
    const QByteArray wire = PeerAnswerCodec::toResponse(message, m_cache.limits().maxTtl);
    std::optional<StoredAnswer> stored =
        StoredAnswer::fromReply(Dns::Message::parse(wire), wire, now, m_cache.limits(),
                                AnswerSource::peer(QString::fromLatin1(message.sender.toHex())));
    const QByteArray key = stored ? stored->key().toByteArray() : QByteArray();
    const StoredAnswer *present = stored ? m_cache.find(key) : nullptr;
    const bool keepPresent = present && !present->isFromPeer() && now < present->expiresAtMs;
    if (!stored || keepPresent || m_private.covers(message.question.name) ||
        !m_cache.insert(key, std::move(*stored))) {
        ++m_learnRefused;
        return;
    }
    if (m_store)
        m_store->recordInsert(key);
    ++(message.kind == PeerMessageKind::Share ? m_sharesAccepted : m_answersLearned);
}

// --- answering ------------------------------------------------------------------------------

// What this node can answer `question` with in `group`: a cached entry, fresh or stale. Records
// that came from a peer go only to keyed groups, and only if that peer is a member of a keyed
// group we are in, so what a stranger told us in an open group goes no further.
std::optional<PeerAnswerCodec::Records> Peering::recordsFor(const Dns::Question &question,
                                                            const JoinedGroup &group) const
{
    const qint64 now = m_clock.nowMs();
    const StoredAnswer *entry =
        m_cache.find(Dns::cacheKey(question.name, question.type, question.klass));
    if (!entry || now >= entry->staleUntilMs)
        return std::nullopt;
    if (entry->isFromPeer() && (!group.keyed() || !peerIsKeyedMember(entry->source().peerId)))
        return std::nullopt;
    return PeerAnswerCodec::fromStored(*entry, now, now >= entry->expiresAtMs,
                                       AnswerRenderer::staleTtl);
}

bool Peering::peerIsKeyedMember(const QString &nodeIdHex) const
{
    const std::optional<NodeId> id = NodeId::fromHex(nodeIdHex.toLatin1());
    if (!id)
        return false;
    return std::any_of(m_groups.begin(), m_groups.end(), [&](const JoinedGroup &group) {
        return group.keyed() && m_table.find(group.name, *id);
    });
}

void Peering::sendAnswer(const AnswerScheduler::Due &due)
{
    const JoinedGroup *group = findGroup(due.group);
    if (!group)
        return;
    std::optional<PeerAnswerCodec::Records> records = recordsFor(due.question, *group);
    if (!records)
        return;
    const PeerMessage ask = PeerMessage::ask(m_nodeId, due.messageId, due.question);
    const PeerMessage answer =
        PeerMessage::answer(ask, m_nodeId, records->rcode, std::move(records->answers),
                            std::move(records->authorities));
    if (!answer.encode()) {
        ++m_answersTooLarge;
        return;
    }
    if (sendMessage(*group, answer))
        ++m_answersSent;
}

// --- asking and sharing ---------------------------------------------------------------------

bool Peering::canAsk() const
{
    return std::any_of(m_groups.begin(), m_groups.end(),
                       [&](const JoinedGroup &group) { return m_table.count(group.name) > 0; });
}

quint64 Peering::ask(const QByteArray &wireName, quint16 type, quint16 klass, AnswerFunction done)
{
    if (m_shutDown || m_private.covers(wireName) || !canAsk())
        return 0;
    const Dns::Question question{wireName, type, klass};
    const std::optional<AskTracker::Started> started =
        m_asks.start(question, std::move(done), m_clock.nowMs());
    if (!started) {
        ++m_asksRefused;
        return 0;
    }
    const PeerMessage message = PeerMessage::ask(m_nodeId, started->messageId, question);
    for (const JoinedGroup &group : std::as_const(m_groups)) {
        if (m_table.count(group.name) > 0 && sendMessage(group, message))
            ++m_asksSent;
    }
    scheduleWake();
    return started->request;
}

void Peering::cancel(quint64 id)
{
    m_asks.cancel(id);
}

void Peering::share(const StoredAnswer &answer)
{
    if (m_shutDown || answer.isFromPeer() || m_private.covers(answer.questionName()))
        return;
    const auto wantsIt = [&](const JoinedGroup &group) {
        return group.keyed() && group.share && m_table.count(group.name) > 0;
    };
    if (std::none_of(m_groups.begin(), m_groups.end(), wantsIt))
        return;
    if (!m_shareLimiter.allow("share", m_clock.nowMs())) {
        ++m_sharesRateLimited;
        return;
    }
    std::optional<PeerAnswerCodec::Records> records =
        PeerAnswerCodec::fromStored(answer, m_clock.nowMs(), false, 0);
    if (!records)
        return;
    const PeerMessage message =
        PeerMessage::share(m_nodeId, questionOf(answer), records->rcode,
                           std::move(records->answers), std::move(records->authorities));
    if (!message.encode()) {
        ++m_sharesTooLarge;
        return;
    }
    for (const JoinedGroup &group : std::as_const(m_groups)) {
        if (wantsIt(group) && sendMessage(group, message))
            ++m_sharesSent;
    }
}

bool Peering::sendMessage(const JoinedGroup &group, const PeerMessage &message)
{
    std::optional<QByteArray> wire = message.encode();
    const auto socket = m_sockets.find(group.port);
    if (!wire || socket == m_sockets.end())
        return false;
    if (group.keyed())
        m_tsig.sign(*wire, *group.key);
    if (socket->second->send(*wire, group.address, group.port))
        return true;
    ++m_sendErrors;
    if (m_sendErrorLog.allow(m_clock.nowMs()))
        qCWarning(lcPeer).noquote() << "group message not sent: group" << group.name;
    return false;
}

// --- presence -------------------------------------------------------------------------------

void Peering::setUpstreamOutage(bool outage)
{
    if (outage == m_outage)
        return;
    m_outage = outage;
    announceAll();
    scheduleWake();
}

PeerPresence Peering::presence() const
{
    PeerPresence presence;
    presence.hostName = m_options.hostName;
    presence.version = m_options.version.isEmpty() ? u"0"_qs : m_options.version;
    presence.upstream = m_outage ? PeerPresence::Upstream::Outage : PeerPresence::Upstream::Up;
    presence.cacheEntries =
        quint32(std::min<std::size_t>(m_cache.entryCount(), std::numeric_limits<quint32>::max()));
    presence.sequence = m_announceSequence;
    return presence;
}

quint32 Peering::holdSeconds() const
{
    return PeerTable::holdSecondsFor(quint32(m_options.announceIntervalMs / 1000));
}

void Peering::announce(const JoinedGroup &group)
{
    if (m_shutDown)
        return;
    m_lastAnnounceMs[group.name] = m_clock.nowMs();
    m_newcomerAnnounceMs.remove(group.name);
    m_announceSequence =
        m_announceSequence == std::numeric_limits<quint32>::max() ? 1 : m_announceSequence + 1;
    if (sendMessage(group, PeerMessage::announce(m_nodeId, presence(), holdSeconds())))
        ++m_announcesSent;
}

void Peering::announceAll()
{
    for (const JoinedGroup &group : std::as_const(m_groups))
        announce(group);
}

// At most one announcement per newcomerAnnounceGapMs per group, however many newcomers.
void Peering::announceSoon(const QString &group)
{
    const qint64 now = m_clock.nowMs();
    const qint64 earliest = m_lastAnnounceMs.value(group, 0) + m_options.newcomerAnnounceGapMs;
    if (earliest <= now) {
        if (const JoinedGroup *joined = findGroup(group))
            announce(*joined);
        return;
    }
    if (!m_newcomerAnnounceMs.contains(group))
        m_newcomerAnnounceMs.insert(group, earliest);
}

void Peering::sendDueAnnouncements(qint64 nowMs)
{
    if (m_nextAnnounceMs >= 0 && m_nextAnnounceMs <= nowMs) {
        announceAll();
        m_nextAnnounceMs = nowMs + jitteredIntervalMs();
    }
    const QHash<QString, qint64> waiting = m_newcomerAnnounceMs;
    for (auto it = waiting.cbegin(); it != waiting.cend(); ++it) {
        if (it.value() > nowMs)
            continue;
        m_newcomerAnnounceMs.remove(it.key());
        if (const JoinedGroup *group = findGroup(it.key()))
            announce(*group);
    }
}

void Peering::expirePeers()
{
    for (const PeerTable::Expired &gone : m_table.expire()) {
        ++m_peersWent;
        const QString id = QString::fromLatin1(gone.peer.id.toHex());
        qCInfo(lcPeer).noquote() << "peer went:" << gone.peer.presence.hostName << id << "group"
                                 << gone.group << "(expired)";
        emit peerWent(gone.group, id, gone.peer.presence.hostName);
    }
}

// --- timers ---------------------------------------------------------------------------------

void Peering::processDueWork()
{
    if (m_shutDown)
        return;
    const qint64 now = m_clock.nowMs();
    expirePeers();
    m_asksTimedOut += quint64(m_asks.expire(now));
    for (const AnswerScheduler::Due &due : m_heard.takeDue(now))
        sendAnswer(due);
    sendDueAnnouncements(now);
    scheduleWake();
}

qint64 Peering::nextWakeMs() const
{
    qint64 next = m_groups.isEmpty() ? -1 : m_nextAnnounceMs;
    const auto consider = [&next](qint64 at) {
        if (at >= 0 && (next < 0 || at < next))
            next = at;
    };
    consider(m_table.nextExpiryMs());
    consider(m_asks.nextDeadlineMs());
    consider(m_heard.nextWakeMs());
    for (const qint64 at : m_newcomerAnnounceMs)
        consider(at);
    return next;
}

void Peering::scheduleWake()
{
    const qint64 next = nextWakeMs();
    if (m_shutDown || next < 0) {
        m_wakeTimer.stop();
        return;
    }
    const qint64 delay = std::clamp<qint64>(next - m_clock.nowMs(), 0, 3'600'000);
    m_wakeTimer.start(int(delay));
}

qint64 Peering::jitteredIntervalMs() const
{
    const qint64 interval = m_options.announceIntervalMs;
    const qint64 spread = interval * m_options.announceJitterPercent / 100;
    return interval - spread + qint64(QRandomGenerator::global()->bounded(quint64(2 * spread + 1)));
}

// Urgent when the asker's last announcement said its upstream is down (it announces that
// change at once): then no upstream answer is on its way to that client.
qint64 Peering::answerDelayMs(const QString &group, const NodeId &asker)
{
    const Peer *peer = m_table.find(group, asker);
    const bool urgent = peer && peer->presence.upstream == PeerPresence::Upstream::Outage;
    if (urgent)
        ++m_urgentAnswersScheduled;
    const int low = urgent ? m_options.urgentAnswerDelayMinMs : m_options.answerDelayMinMs;
    const int high = urgent ? m_options.urgentAnswerDelayMaxMs : m_options.answerDelayMaxMs;
    return low + QRandomGenerator::global()->bounded(high - low + 1);
}

} // namespace Shoal
