#include "service/resolver/Resolver.h"

#include "service/cache/AnswerRenderer.h"
#include "service/cache/Cache.h"
#include "service/cache/CacheStore.h"
#include "service/cache/StoredAnswer.h"
#include "service/common/Clock.h"
#include "service/common/Counters.h"
#include "service/dns/MessageBuilder.h"
#include "service/resolver/PeerAsker.h"
#include "service/upstream/Forwarder.h"
#include "shared/LogCategories.h"

#include <QTimer>
#include <algorithm>

namespace Shoal {

namespace {

constexpr std::size_t renderCapacity = 65536 + 512;

bool parse(const QByteArray &query, Dns::QueryView &view)
{
    return Dns::parseQuery(reinterpret_cast<const std::uint8_t *>(query.constData()),
                           std::size_t(query.size()), view) == Dns::ParseError::None;
}

// The Extended DNS Error that tells a client why nothing answered.
Dns::EdeCode failureCode(UpstreamResult::Status status)
{
    switch (status) {
    case UpstreamResult::Status::NetworkError:
        return Dns::EdeCode::NetworkError;
    case UpstreamResult::Status::Overloaded:
    case UpstreamResult::Status::InvalidQuestion:
        return Dns::EdeCode::Other;
    default:
        return Dns::EdeCode::NoReachableAuthority;
    }
}

QString failureText(const UpstreamResult &result)
{
    if (result.status == UpstreamResult::Status::AllDown)
        return QStringLiteral("all upstream servers are unreachable");
    return result.error.isEmpty() ? QString::fromLatin1(UpstreamResult::statusName(result.status))
                                  : result.error.left(120);
}

} // namespace

struct Resolver::Pending
{
    QByteArray wireName;
    std::uint16_t type = 0;
    std::uint16_t klass = 0;
    bool dnssecOk = false;
    std::vector<Waiter> waiters;
    quint64 upstreamRequest = 0;
    bool upstreamDone = false;
    quint64 peerRequest = 0;
    bool peersAsked = false;
    qint64 peersAskedAtMs = 0;
    bool budgetExpired = false;
    // In an outage the forwarder may let this question through as its probe; clients then stop
    // waiting for it (released) while it goes on to fill the cache if the server is back.
    bool released = false;
    Dns::EdeCode failureCode = Dns::EdeCode::Other;
    QString failureText;
    std::unique_ptr<QTimer> budgetTimer;   // stale after the client budget
    std::unique_ptr<QTimer> hedgeTimer;    // peers after the upstream's hedge delay
    std::unique_ptr<QTimer> peerWaitTimer; // SERVFAIL when the groups stay silent
    std::unique_ptr<QTimer> outageTimer;   // an outage probe stops holding its clients
};

Resolver::Resolver(Cache &cache, Forwarder &forwarder, const Clock &clock, Counters &counters,
                   ResolverOptions options, QObject *parent)
    : QObject(parent)
    , m_cache(cache)
    , m_forwarder(forwarder)
    , m_clock(clock)
    , m_options(options)
    , m_renderBuffer(std::make_unique<std::uint8_t[]>(renderCapacity))
    , m_answeredFromCache(
          counters.counter(u"dns.answers.cache"_qs, u"answered from a fresh cache entry"_qs))
    , m_answeredFromUpstream(
          counters.counter(u"dns.answers.upstream"_qs, u"answered with an upstream reply"_qs))
    , m_answeredStale(counters.counter(u"dns.answers.stale"_qs,
                                       u"answered with an expired entry (RFC 8767)"_qs))
    , m_servfail(counters.counter(u"dns.answers.servfail"_qs,
                                  u"answered SERVFAIL: nothing could answer"_qs))
    , m_coalesced(counters.counter(u"dns.coalesced"_qs,
                                   u"queries that joined an identical one in flight"_qs))
    , m_prefetches(
          counters.counter(u"dns.prefetches"_qs, u"popular entries refreshed before expiry"_qs))
    , m_droppedPendingFull(counters.counter(
          u"dns.servfail.overloaded"_qs, u"SERVFAIL because too many questions were in flight"_qs))
    , m_droppedWaitersFull(
          counters.counter(u"dns.dropped.too-many-waiters"_qs,
                           u"identical queries beyond the per-question limit, dropped"_qs))
    , m_uncacheable(
          counters.counter(u"dns.uncacheable"_qs, u"upstream replies passed on without caching"_qs))
    , m_answeredFromPeer(
          counters.counter(u"dns.answers.peer"_qs, u"answered with a group member's answer"_qs))
    , m_peerAsks(counters.counter(u"dns.peer-asks"_qs, u"questions asked of the groups"_qs))
    , m_peerAnswersRefused(
          counters.counter(u"dns.peer-answers-refused"_qs,
                           u"answers from group members the cache would not take"_qs))
{}

Resolver::~Resolver()
{
    for (const auto &pending : std::as_const(m_pending)) {
        if (pending->upstreamRequest)
            m_forwarder.cancel(pending->upstreamRequest);
        if (pending->peerRequest && m_peerAsker)
            m_peerAsker->cancel(pending->peerRequest);
    }
}

std::size_t Resolver::answerFromCache(const Dns::QueryView &query, bool udp, std::uint8_t *out,
                                      std::size_t capacity)
{
    const qint64 now = m_clock.nowMs();
    const Cache::LookupResult hit = m_cache.lookup(query.keyView(), now);
    if (hit.freshness != Cache::Freshness::Fresh)
        return 0;
    const std::size_t size =
        AnswerRenderer::render(*hit.entry, query, now, RenderMode::Fresh, out, capacity, udp);
    if (size == 0)
        return 0;
    ++m_answeredFromCache;
    if (hit.prefetchDue)
        refreshAhead(query);
    return size;
}

void Resolver::resolve(const QByteArray &query, bool udp, ReplyFunction reply)
{
    Dns::QueryView view;
    if (!parse(query, view))
        return; // the QueryGate let it through, so this cannot happen; never crash on it
    if (const std::size_t size = answerFromCache(view, udp, m_renderBuffer.get(), renderCapacity)) {
        reply(QByteArray(reinterpret_cast<const char *>(m_renderBuffer.get()), qsizetype(size)));
        return;
    }

    Waiter waiter{query, udp, std::move(reply)};
    const QByteArray key = view.keyView().toByteArray();
    if (const auto it = m_pending.constFind(key); it != m_pending.cend()) {
        Pending &pending = **it;
        if (pending.budgetExpired && replyStale(waiter))
            return;
        if (pending.released) {
            replyFailure(waiter, pending.failureCode, pending.failureText);
            return;
        }
        if (pending.waiters.size() >= std::size_t(m_options.maxWaitersPerQuestion)) {
            ++m_droppedWaitersFull;
            return;
        }
        ++m_coalesced;
        pending.waiters.push_back(std::move(waiter));
        return;
    }
    if (m_pending.size() >= m_options.maxPendingQuestions) {
        ++m_droppedPendingFull;
        replyFailure(waiter, Dns::EdeCode::Other, u"resolver overloaded"_qs);
        return;
    }

    const std::shared_ptr<Pending> pending = createPending(key, view);
    Q_ASSERT(m_pending.size() <= m_options.maxPendingQuestions);
    pending->waiters.push_back(std::move(waiter));
    const Cache::LookupResult cached = m_cache.lookup(view.keyView(), m_clock.nowMs());
    // A stale negative answer is only worth serving when the upstream has failed: while it may
    // still answer, a name that has come into existence must not be denied.
    if (cached.freshness == Cache::Freshness::Stale && !cached.entry->negative) {
        pending->budgetTimer =
            startTimer(m_options.clientBudgetMs, [this, key] { onBudgetExpired(key); });
    }
    const bool inOutage = m_forwarder.inOutage();
    startUpstream(key, *pending);
    involvePeers(key, *pending);
    if (inOutage)
        holdDuringOutage(key, *pending);
}

void Resolver::holdDuringOutage(const QByteArray &key, Pending &pending)
{
    // Most questions fail at once in an outage (the forwarder says so before this timer
    // fires). The one it lets through as a probe would hold its clients for a whole upstream
    // timeout; they wait no longer than for a stale answer, or for the groups when asked.
    const int waitMs = pending.peersAsked ? std::max(m_options.peerWaitMs, m_options.clientBudgetMs)
                                          : m_options.clientBudgetMs;
    pending.outageTimer = startTimer(waitMs, [this, key] { releaseWaiters(key); });
}

void Resolver::releaseWaiters(const QByteArray &key)
{
    const auto it = m_pending.find(key);
    if (it == m_pending.end())
        return;
    const std::shared_ptr<Pending> pending = *it;
    pending->released = true;
    pending->budgetExpired = true;
    pending->failureCode = Dns::EdeCode::NoReachableAuthority;
    pending->failureText = QStringLiteral("all upstream servers are unreachable");
    for (const Waiter &waiter : std::exchange(pending->waiters, {})) {
        if (!replyStale(waiter))
            replyFailure(waiter, pending->failureCode, pending->failureText);
    }
    // The question itself goes on: the server's answer, should it come, fills the cache.
}

std::shared_ptr<Resolver::Pending> Resolver::createPending(const QByteArray &key,
                                                           const Dns::QueryView &query)
{
    auto pending = std::make_shared<Pending>();
    pending->wireName = query.name.toByteArray();
    pending->type = query.type;
    pending->klass = query.klass;
    pending->dnssecOk = query.dnssecOk;
    m_pending.insert(key, pending);
    return pending;
}

void Resolver::refreshAhead(const Dns::QueryView &query)
{
    const QByteArray key = query.keyView().toByteArray();
    if (m_pending.contains(key) || m_pending.size() >= m_options.maxPendingQuestions)
        return;
    ++m_prefetches;
    startUpstream(key, *createPending(key, query));
}

void Resolver::startUpstream(const QByteArray &key, Pending &pending)
{
    pending.upstreamRequest = m_forwarder.resolve(
        pending.wireName, pending.type, pending.klass, pending.dnssecOk,
        [this, key](const UpstreamResult &result) { onUpstreamResult(key, result); });
}

void Resolver::involvePeers(const QByteArray &key, Pending &pending)
{
    if (!m_peerAsker || !m_peerAsker->canAsk())
        return;
    // In an outage the upstream will not answer: ask at once. Otherwise give it the time it
    // usually needs, so the groups only hear questions the server is slow to answer.
    const int hedgeMs = m_forwarder.inOutage() ? 0 : m_forwarder.bestHedgeDelayMs();
    if (hedgeMs <= 0) {
        askPeers(key, pending);
        return;
    }
    pending.hedgeTimer = startTimer(hedgeMs, [this, key] {
        if (const auto it = m_pending.find(key); it != m_pending.end())
            askPeers(key, **it);
    });
}

void Resolver::askPeers(const QByteArray &key, Pending &pending)
{
    if (pending.peersAsked || !m_peerAsker || !m_peerAsker->canAsk())
        return;
    pending.peersAsked = true;
    pending.peersAskedAtMs = m_clock.nowMs();
    ++m_peerAsks;
    pending.peerRequest =
        m_peerAsker->ask(pending.wireName, pending.type, pending.klass,
                         [this, key](const PeerAnswer &answer) { onPeerAnswer(key, answer); });
}

void Resolver::onUpstreamResult(const QByteArray &key, const UpstreamResult &result)
{
    const auto it = m_pending.find(key);
    if (it == m_pending.end())
        return;
    const std::shared_ptr<Pending> pending = *it;
    pending->upstreamRequest = 0;
    pending->upstreamDone = true;
    if (result.status == UpstreamResult::Status::Answer) {
        onUpstreamAnswer(*pending, result);
        finish(key);
        return;
    }
    onUpstreamFailure(key, *pending, result);
}

void Resolver::onUpstreamAnswer(Pending &pending, const UpstreamResult &result)
{
    const qint64 now = m_clock.nowMs();
    const std::vector<Waiter> waiters = std::exchange(pending.waiters, {});
    std::optional<StoredAnswer> stored = StoredAnswer::fromReply(
        result.parsed, result.wire, now, m_cache.limits(), AnswerSource::upstream());
    if (!stored) {
        ++m_uncacheable;
        const StoredAnswer transient = StoredAnswer::transient(result.parsed, result.wire, now);
        for (const Waiter &waiter : waiters)
            replyWith(waiter, transient, false);
        return;
    }
    for (const Waiter &waiter : waiters)
        replyWith(waiter, *stored, false);
    m_answeredFromUpstream += waiters.size();
    const QByteArray key = stored->key().toByteArray();
    if (!m_cache.insert(key, std::move(*stored)))
        return;
    if (m_store)
        m_store->recordInsert(key);
    if (m_peerAsker) {
        if (const StoredAnswer *inCache = m_cache.find(key))
            m_peerAsker->share(*inCache);
    }
}

void Resolver::onUpstreamFailure(const QByteArray &key, Pending &pending,
                                 const UpstreamResult &result)
{
    pending.failureCode = failureCode(result.status);
    pending.failureText = failureText(result);
    std::vector<Waiter> waiting;
    for (Waiter &waiter : pending.waiters) {
        if (!replyStale(waiter))
            waiting.push_back(std::move(waiter));
    }
    pending.waiters = std::move(waiting);
    if (pending.waiters.empty()) {
        finish(key);
        return;
    }
    askPeers(key, pending);
    if (!pending.peerRequest) {
        failWaiters(key);
        return;
    }
    // The groups were often asked at the hedge delay, long before the upstream gave up: the
    // wait for them counts from then, so a failing server does not add a whole second wait.
    const qint64 waited = std::max<qint64>(m_clock.nowMs() - pending.peersAskedAtMs, 0);
    const qint64 left = m_options.peerWaitMs - std::min<qint64>(waited, m_options.peerWaitMs);
    pending.peerWaitTimer = startTimer(int(left), [this, key] { failWaiters(key); });
}

void Resolver::onPeerAnswer(const QByteArray &key, const PeerAnswer &answer)
{
    const auto it = m_pending.find(key);
    if (it == m_pending.end())
        return;
    const std::shared_ptr<Pending> pending = *it;
    pending->peerRequest = 0;

    const Dns::Message parsed = Dns::Message::parse(answer.wire);
    const qint64 now = m_clock.nowMs();
    std::optional<StoredAnswer> stored =
        parsed.ok() ? StoredAnswer::fromReply(parsed, answer.wire, now, m_cache.limits(),
                                              AnswerSource::peer(answer.peerId))
                    : std::nullopt;
    if (!stored || stored->key() != QByteArrayView(key)) {
        ++m_peerAnswersRefused;
        if (pending->upstreamDone)
            failWaiters(key);
        return;
    }
    const std::vector<Waiter> waiters = std::exchange(pending->waiters, {});
    for (const Waiter &waiter : waiters)
        replyWith(waiter, *stored, false);
    m_answeredFromPeer += waiters.size();
    if (m_cache.insert(key, std::move(*stored)) && m_store)
        m_store->recordInsert(key);
    // The upstream query, if still out, goes on: its answer replaces the peer's in the cache.
    if (pending->upstreamDone)
        finish(key);
}

void Resolver::onBudgetExpired(const QByteArray &key)
{
    const auto it = m_pending.find(key);
    if (it == m_pending.end())
        return;
    Pending &pending = **it;
    pending.budgetExpired = true;
    std::vector<Waiter> remaining;
    for (Waiter &waiter : pending.waiters) {
        if (!replyStale(waiter))
            remaining.push_back(std::move(waiter));
    }
    // The upstream query goes on: its answer refreshes the cache for the next client.
    pending.waiters = std::move(remaining);
}

void Resolver::failWaiters(const QByteArray &key)
{
    const auto it = m_pending.find(key);
    if (it == m_pending.end())
        return;
    const std::shared_ptr<Pending> pending = *it;
    for (const Waiter &waiter : std::exchange(pending->waiters, {})) {
        if (!replyStale(waiter))
            replyFailure(waiter, pending->failureCode, pending->failureText);
    }
    finish(key);
}

void Resolver::finish(const QByteArray &key)
{
    const std::shared_ptr<Pending> pending = m_pending.take(key);
    if (!pending)
        return;
    if (pending->upstreamRequest)
        m_forwarder.cancel(pending->upstreamRequest);
    if (pending->peerRequest && m_peerAsker)
        m_peerAsker->cancel(pending->peerRequest);
    // Whoever is still waiting (a late joiner of a finished question) gets what there is.
    for (const Waiter &waiter : pending->waiters) {
        if (!replyStale(waiter))
            replyFailure(waiter, pending->failureCode, pending->failureText);
    }
}

std::unique_ptr<QTimer> Resolver::startTimer(int ms, std::function<void()> onTimeout)
{
    auto timer = std::make_unique<QTimer>();
    timer->setSingleShot(true);
    connect(timer.get(), &QTimer::timeout, this, std::move(onTimeout));
    timer->start(ms);
    return timer;
}

bool Resolver::replyStale(const Waiter &waiter)
{
    Dns::QueryView view;
    if (!parse(waiter.query, view))
        return false;
    const Cache::LookupResult cached = m_cache.lookup(view.keyView(), m_clock.nowMs());
    if (cached.freshness == Cache::Freshness::Miss)
        return false;
    replyWith(waiter, *cached.entry, cached.freshness == Cache::Freshness::Stale);
    if (cached.freshness == Cache::Freshness::Stale)
        ++m_answeredStale;
    else
        ++m_answeredFromCache;
    return true;
}

void Resolver::replyWith(const Waiter &waiter, const StoredAnswer &answer, bool stale)
{
    Dns::QueryView view;
    if (!parse(waiter.query, view))
        return;
    const std::size_t size = AnswerRenderer::render(
        answer, view, m_clock.nowMs(), stale ? RenderMode::Stale : RenderMode::Fresh,
        m_renderBuffer.get(), renderCapacity, waiter.udp);
    if (size == 0) {
        replyFailure(waiter, Dns::EdeCode::Other, u"answer could not be encoded"_qs);
        return;
    }
    waiter.reply(QByteArray(reinterpret_cast<const char *>(m_renderBuffer.get()), qsizetype(size)));
}

void Resolver::replyFailure(const Waiter &waiter, Dns::EdeCode code, const QString &why)
{
    ++m_servfail;
    waiter.reply(Dns::MessageBuilder::errorReply(waiter.query, Dns::Rcode::ServFail, code, why));
}

} // namespace Shoal
