#include "service/resolver/Resolver.h"

#include <QTimer>

#include "service/cache/AnswerRenderer.h"
#include "service/cache/Cache.h"
#include "service/cache/CacheStore.h"
#include "service/cache/StoredAnswer.h"
#include "service/common/Clock.h"
#include "service/common/Counters.h"
#include "service/dns/MessageBuilder.h"
#include "service/upstream/Forwarder.h"
#include "shared/LogCategories.h"

namespace Shoal {

namespace {

constexpr std::size_t renderCapacity = 65536 + 512;

bool parse(const QByteArray &query, Dns::QueryView &view)
{
    return Dns::parseQuery(reinterpret_cast<const std::uint8_t *>(query.constData()),
                           std::size_t(query.size()), view)
           == Dns::ParseError::None;
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
    std::vector<Waiter> waiters;
    std::unique_ptr<QTimer> budgetTimer;
    bool budgetExpired = false;
    quint64 requestId = 0;
};

Resolver::Resolver(Cache &cache, Forwarder &forwarder, const Clock &clock, Counters &counters,
                   ResolverOptions options, QObject *parent)
    : QObject(parent)
    , m_cache(cache)
    , m_forwarder(forwarder)
    , m_clock(clock)
    , m_options(options)
    , m_renderBuffer(std::make_unique<std::uint8_t[]>(renderCapacity))
    , m_answeredFromCache(counters.counter(u"dns.answers.cache"_qs, u"answered from a fresh cache entry"_qs))
    , m_answeredFromUpstream(counters.counter(u"dns.answers.upstream"_qs, u"answered with an upstream reply"_qs))
    , m_answeredStale(counters.counter(u"dns.answers.stale"_qs, u"answered with an expired entry (RFC 8767)"_qs))
    , m_servfail(counters.counter(u"dns.answers.servfail"_qs, u"answered SERVFAIL: nothing could answer"_qs))
    , m_coalesced(counters.counter(u"dns.coalesced"_qs, u"queries that joined an identical one in flight"_qs))
    , m_prefetches(counters.counter(u"dns.prefetches"_qs, u"popular entries refreshed before expiry"_qs))
    , m_droppedPendingFull(counters.counter(u"dns.servfail.overloaded"_qs, u"SERVFAIL because too many questions were in flight"_qs))
    , m_droppedWaitersFull(counters.counter(u"dns.dropped.too-many-waiters"_qs, u"identical queries beyond the per-question limit, dropped"_qs))
    , m_uncacheable(counters.counter(u"dns.uncacheable"_qs, u"upstream replies passed on without caching"_qs))
{
}

Resolver::~Resolver()
{
    for (const auto &pending : std::as_const(m_pending)) {
        if (pending->requestId)
            m_forwarder.cancel(pending->requestId);
    }
}

std::size_t Resolver::answerFromCache(const Dns::QueryView &query, bool udp, std::uint8_t *out,
                                      std::size_t capacity)
{
    const qint64 now = m_clock.nowMs();
    const Cache::LookupResult hit = m_cache.lookup(query.keyView(), now);
    if (hit.freshness != Cache::Freshness::Fresh)
        return 0;
    const std::size_t size = AnswerRenderer::render(*hit.entry, query, now, RenderMode::Fresh, out,
                                                    capacity, udp);
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

    auto pending = std::make_shared<Pending>();
    pending->waiters.push_back(std::move(waiter));
    const Cache::LookupResult cached = m_cache.lookup(view.keyView(), m_clock.nowMs());
    // A stale negative answer is only worth serving when the upstream has failed: while it may
    // still answer, a name that has come into existence must not be denied.
    if (cached.freshness == Cache::Freshness::Stale && !cached.entry->negative) {
        pending->budgetTimer = std::make_unique<QTimer>();
        pending->budgetTimer->setSingleShot(true);
        connect(pending->budgetTimer.get(), &QTimer::timeout, this,
                [this, key] { onBudgetExpired(key); });
        pending->budgetTimer->start(m_options.clientBudgetMs);
    }
    m_pending.insert(key, pending);
    startUpstream(key, view);
}

void Resolver::refreshAhead(const Dns::QueryView &query)
{
    const QByteArray key = query.keyView().toByteArray();
    if (m_pending.contains(key) || m_pending.size() >= m_options.maxPendingQuestions)
        return;
    ++m_prefetches;
    m_pending.insert(key, std::make_shared<Pending>());
    startUpstream(key, query);
}

void Resolver::startUpstream(const QByteArray &key, const Dns::QueryView &query)
{
    const quint64 id = m_forwarder.resolve(
        query.name.toByteArray(), query.type, query.klass, query.dnssecOk,
        [this, key](const UpstreamResult &result) { onUpstreamResult(key, result); });
    // The forwarder may have answered synchronously (all upstreams down), removing the entry.
    if (const auto it = m_pending.find(key); it != m_pending.end())
        (*it)->requestId = id;
}

void Resolver::onUpstreamResult(const QByteArray &key, const UpstreamResult &result)
{
    const std::shared_ptr<Pending> pending = m_pending.take(key);
    if (!pending)
        return;
    std::vector<Waiter> waiters = std::move(pending->waiters);

    if (result.status != UpstreamResult::Status::Answer) {
        answerFromStaleOrFail(std::move(waiters), failureCode(result.status),
                              failureText(result));
        return;
    }

    const qint64 now = m_clock.nowMs();
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
    m_cache.insert(key, std::move(*stored));
    if (m_store)
        m_store->recordInsert(key);
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

void Resolver::answerFromStaleOrFail(std::vector<Waiter> waiters, Dns::EdeCode failure,
                                     const QString &why)
{
    for (const Waiter &waiter : waiters) {
        if (!replyStale(waiter))
            replyFailure(waiter, failure, why);
    }
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
    const std::size_t size =
        AnswerRenderer::render(answer, view, m_clock.nowMs(),
                               stale ? RenderMode::Stale : RenderMode::Fresh,
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
