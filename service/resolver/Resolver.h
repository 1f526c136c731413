#pragma once

#include <QByteArray>
#include <QHash>
#include <QObject>

class QTimer;

#include "service/dns/DnsTypes.h"
#include "service/dns/Message.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>

namespace Shoal {

class Cache;
class CacheStore;
class Clock;
class Counters;
class Forwarder;
class PeerAsker;
struct PeerAnswer;
struct StoredAnswer;
struct UpstreamResult;

struct ResolverOptions
{
    // How long a client waits for the upstream before it gets a stale answer, when one is
    // cached. RFC 8767 suggests 1.8 s; a workstation's user notices far less than that.
    int clientBudgetMs = 400;
    // Questions in flight upstream at once; beyond this new questions get SERVFAIL, so a flood
    // of random names cannot grow memory without bound.
    int maxPendingQuestions = 4096;
    // Clients waiting on one question; more identical questions are dropped.
    int maxWaitersPerQuestion = 256;
    // After the upstream failed, how long clients with nothing cached wait for the groups
    // before they get SERVFAIL.
    int peerWaitMs = 1000;
};

// Answers a client query: from the cache when fresh (the hot path, no allocation), otherwise by
// asking the upstream servers once per distinct question, falling back to a stale cached answer
// when the upstream is slow or down, and to SERVFAIL with an Extended DNS Error when nothing can
// answer. The interest groups are asked too (PeerAsker) when the upstream has not answered
// within its hedge delay, or at once during an outage; the first acceptable answer wins, and
// the upstream's, if it comes, still refreshes the cache.
class Resolver : public QObject
{
    Q_OBJECT

public:
    using ReplyFunction = std::function<void(const QByteArray &reply)>;

    Resolver(Cache &cache, Forwarder &forwarder, const Clock &clock, Counters &counters,
             ResolverOptions options, QObject *parent = nullptr);
    ~Resolver() override;

    // Set when the daemon persists its cache; new entries are journalled through it.
    void setStore(CacheStore *store) { m_store = store; }
    void setPeerAsker(PeerAsker *asker) { m_peerAsker = asker; }

    // The hot path. Writes the reply into `out` and returns its size when the cache holds a
    // fresh answer; returns 0 when the query must go through resolve().
    std::size_t answerFromCache(const Dns::QueryView &query, bool udp, std::uint8_t *out,
                                std::size_t capacity);

    // The slow path, for a query that passed the QueryGate. `reply` is called exactly once,
    // possibly before resolve() returns, or never if the query is dropped (counted).
    void resolve(const QByteArray &query, bool udp, ReplyFunction reply);

    int pendingQuestions() const { return int(m_pending.size()); }

private:
    struct Waiter
    {
        QByteArray query;
        bool udp = true;
        ReplyFunction reply;
    };
    struct Pending;

    std::shared_ptr<Pending> createPending(const QByteArray &key, const Dns::QueryView &query);
    void startUpstream(const QByteArray &key, Pending &pending);
    void involvePeers(const QByteArray &key, Pending &pending);
    void askPeers(const QByteArray &key, Pending &pending);
    void refreshAhead(const Dns::QueryView &query);
    void onUpstreamResult(const QByteArray &key, const UpstreamResult &result);
    void onUpstreamAnswer(Pending &pending, const UpstreamResult &result);
    void onUpstreamFailure(const QByteArray &key, Pending &pending, const UpstreamResult &result);
    void onPeerAnswer(const QByteArray &key, const PeerAnswer &answer);
    void onBudgetExpired(const QByteArray &key);
    void holdDuringOutage(const QByteArray &key, Pending &pending);
    void releaseWaiters(const QByteArray &key);
    void failWaiters(const QByteArray &key);
    void finish(const QByteArray &key);
    std::unique_ptr<QTimer> startTimer(int ms, std::function<void()> onTimeout);
    bool replyStale(const Waiter &waiter);
    void replyWith(const Waiter &waiter, const StoredAnswer &answer, bool stale);
    void replyFailure(const Waiter &waiter, Dns::EdeCode code, const QString &why);

    Cache &m_cache;
    Forwarder &m_forwarder;
    const Clock &m_clock;
    ResolverOptions m_options;
    CacheStore *m_store = nullptr;
    PeerAsker *m_peerAsker = nullptr;
    QHash<QByteArray, std::shared_ptr<Pending>> m_pending;
    std::unique_ptr<std::uint8_t[]> m_renderBuffer;

    quint64 &m_answeredFromCache;
    quint64 &m_answeredFromUpstream;
    quint64 &m_answeredStale;
    quint64 &m_servfail;
    quint64 &m_coalesced;
    quint64 &m_prefetches;
    quint64 &m_droppedPendingFull;
    quint64 &m_droppedWaitersFull;
    quint64 &m_uncacheable;
    quint64 &m_answeredFromPeer;
    quint64 &m_peerAsks;
    quint64 &m_peerAnswersRefused;
};

} // namespace Shoal
