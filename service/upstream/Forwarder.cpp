#include "service/upstream/Forwarder.h"

#include "service/common/Clock.h"
#include "service/dns/DnsName.h"
#include "service/dns/MessageBuilder.h"
#include "service/upstream/ResolvConf.h"
#include "shared/LogCategories.h"

#include <QDeadlineTimer>
#include <QRandomGenerator>
#include <QStringList>
#include <algorithm>
#include <limits>

namespace Shoal {

namespace {

constexpr int minTcpTimeoutMs = 1000;
// A retry this close to the deadline could hardly be answered, yet would count as a failure.
constexpr qint64 minRetryWindowMs = 50;

bool isWireName(const QByteArray &name)
{
    Dns::NameBuffer buffer;
    std::size_t pos = 0;
    const auto *data = reinterpret_cast<const std::uint8_t *>(name.constData());
    return Dns::readName(data, std::size_t(name.size()), pos, buffer) == Dns::ParseError::None &&
           pos == std::size_t(name.size()) && buffer.length == pos;
}

std::uint16_t fullRcode(const Dns::Message &message)
{
    const std::uint16_t extended = message.edns ? message.edns->extendedRcode : 0;
    return std::uint16_t(extended << 4) | message.header.rcode();
}

bool isUsableRcode(std::uint16_t rcode)
{
    return rcode == std::uint16_t(Dns::Rcode::NoError) ||
           rcode == std::uint16_t(Dns::Rcode::NxDomain);
}

QString rcodeText(std::uint16_t rcode)
{
    switch (Dns::Rcode(rcode)) {
    case Dns::Rcode::ServFail:
        return QStringLiteral("SERVFAIL");
    case Dns::Rcode::Refused:
        return QStringLiteral("REFUSED");
    case Dns::Rcode::FormErr:
        return QStringLiteral("FORMERR");
    case Dns::Rcode::NotImp:
        return QStringLiteral("NOTIMP");
    default:
        return QStringLiteral("RCODE ") + QString::number(rcode);
    }
}

qint64 remainingMs(const QDeadlineTimer &deadline)
{
    return std::max<qint64>(deadline.remainingTime(), 1);
}

} // namespace

// One query of a question to one server.
struct Forwarder::Attempt
{
    UpstreamExchange *exchange = nullptr; // null once it ended; one open socket while set
    int server = -1;
    QString failure; // what it gave, in plain words; empty while listening or when answered
};

// One question in flight: the servers to try, its attempts, and the callback.
struct Forwarder::Request
{
    quint64 id = 0;
    QByteArray name;
    quint16 type = 0;
    quint16 klass = 0;
    bool dnssecOk = false;
    Callback done;
    QDeadlineTimer deadline;
    int deadlineTimer = 0;              // QObject timer id; 0 before begin()
    std::vector<int> order;             // servers to try, best first
    std::vector<int> answeredWithError; // not asked this question again
    std::vector<int> replied;           // servers that sent a valid reply to this question
    std::vector<Attempt> attempts;      // in the order they were sent
    int maxAttempts = 0;
    int probeServer = -1; // a recheck probe of this server; no callback
    bool sawNetworkError = false;
    UpstreamResult lastErrorReply; // serverIndex >= 0 once an error reply came

    bool hasReplied(int server) const
    {
        return std::find(replied.begin(), replied.end(), server) != replied.end();
    }
    // An attempt still within its timeout: no other starts meanwhile.
    bool hasActiveAttempt() const
    {
        return std::any_of(attempts.begin(), attempts.end(), [](const Attempt &attempt) {
            return attempt.exchange && !attempt.exchange->isOverdue();
        });
    }
    bool isListening() const
    {
        return std::any_of(attempts.begin(), attempts.end(),
                           [](const Attempt &attempt) { return attempt.exchange != nullptr; });
    }
    Attempt *attemptWith(const UpstreamExchange *exchange)
    {
        for (Attempt &attempt : attempts) {
            if (attempt.exchange == exchange)
                return &attempt;
        }
        return nullptr;
    }
};

Forwarder::Forwarder(QList<UpstreamAddress> servers, const Clock &clock, Counters &counters,
                     ForwarderOptions options, QObject *parent)
    : QObject(parent)
    , m_servers(std::move(servers))
    , m_health(std::size_t(m_servers.size()))
    , m_probing(std::size_t(m_servers.size()), false)
    , m_clock(clock)
    , m_counters(counters)
    , m_options(options)
    , m_outage(options.recheckStartMs, options.recheckMaxMs)
{
    m_recheckTimer.setSingleShot(true);
    connect(&m_recheckTimer, &QTimer::timeout, this, &Forwarder::recheckIfDue);
    if (m_servers.isEmpty()) {
        // Nothing to forward to: a permanent outage from the start, answered by cache and peers.
        m_outage.update(true, m_clock.nowMs());
        qCWarning(lcUpstream) << "no upstream servers configured; answering from cache and peers";
    }
}

Forwarder::~Forwarder()
{
    for (auto &entry : m_requests) {
        for (const Attempt &attempt : entry.second->attempts)
            delete attempt.exchange;
    }
}

quint64 Forwarder::resolve(const QByteArray &wireName, quint16 type, quint16 klass, bool dnssecOk,
                           Callback done)
{
    const bool overloaded = m_openSockets >= m_options.maxInFlight;
    const quint64 id = addRequest(wireName, type, klass, dnssecOk, std::move(done));
    using Status = UpstreamResult::Status;
    if (!isWireName(wireName)) {
        finishSoon(id, Status::InvalidQuestion, QStringLiteral("not a valid DNS name"));
    } else if (m_servers.isEmpty()) {
        finishSoon(id, Status::NoServers, QStringLiteral("no upstream servers configured"));
    } else if (overloaded) {
        ++m_counters.overloaded;
        finishSoon(id, Status::Overloaded, QStringLiteral("too many questions in flight"));
    } else if (inOutage() && !admitWhileDown()) {
        finishSoon(id, Status::AllDown, QStringLiteral("all upstream servers are down"));
    } else {
        m_lastName = wireName;
        m_lastType = type;
        m_lastClass = klass;
        begin(*m_requests.at(id));
    }
    return id;
}

bool Forwarder::cancel(quint64 id)
{
    const auto it = m_requests.find(id);
    if (it == m_requests.end() || it->second->probeServer >= 0)
        return false;
    // Known limit: the attempts of a cancelled question are closed without counting as
    // failures, even those whose timeout had passed.
    release(*it->second);
    m_requests.erase(it);
    return true;
}

QList<UpstreamStatus> Forwarder::status() const
{
    QList<UpstreamStatus> list;
    for (qsizetype i = 0; i < m_servers.size(); ++i) {
        const UpstreamHealth &health = m_health[std::size_t(i)];
        UpstreamStatus entry;
        entry.address = m_servers[i].address;
        entry.port = m_servers[i].port;
        entry.srttMs = health.srttMs();
        entry.rttvarMs = health.rttvarMs();
        entry.hasRttSample = health.hasRttSample();
        entry.consecutiveFailures = health.consecutiveFailures();
        entry.up = health.isUp();
        entry.lastSuccessMs = health.lastSuccessMs();
        entry.lastFailureMs = health.lastFailureMs();
        entry.queriesSent = health.queriesSent();
        entry.answers = health.answers();
        entry.timeoutMs = health.timeoutMs();
        entry.hedgeDelayMs = health.hedgeDelayMs();
        list.append(entry);
    }
    return list;
}

int Forwarder::bestHedgeDelayMs() const
{
    int best = -1;
    for (const UpstreamHealth &health : m_health) {
        if (health.isUp() && (best < 0 || health.hedgeDelayMs() < best))
            best = health.hedgeDelayMs();
    }
    return std::max(best, 0);
}

QList<UpstreamAddress> Forwarder::fromResolvConf(const QString &path,
                                                 const QList<ListenAddress> &ownListenAddresses)
{
    return ResolvConf::read(path, ownListenAddresses);
}

void Forwarder::recheckIfDue()
{
    if (m_outage.recheckDue(m_clock.nowMs()))
        probeAllServers();
    else
        armRecheckTimer();
}

void Forwarder::timerEvent(QTimerEvent *event)
{
    const auto timer = m_deadlineTimers.find(event->timerId());
    if (timer == m_deadlineTimers.end()) {
        QObject::timerEvent(event);
        return;
    }
    const quint64 id = timer->second;
    killTimer(timer->first);
    m_deadlineTimers.erase(timer);
    const auto it = m_requests.find(id);
    if (it == m_requests.end())
        return;
    it->second->deadlineTimer = 0;
    finishWithFailure(*it->second, true);
}

quint64 Forwarder::addRequest(const QByteArray &wireName, quint16 type, quint16 klass,
                              bool dnssecOk, Callback done)
{
    auto request = std::make_unique<Request>();
    request->id = m_nextId++;
    request->name = wireName;
    request->type = type;
    request->klass = klass;
    request->dnssecOk = dnssecOk;
    request->done = std::move(done);
    request->deadline = QDeadlineTimer(m_options.deadlineMs);
    request->order = serverOrder();
    request->maxAttempts = std::max(m_options.maxAttempts, 1);
    const quint64 id = request->id;
    m_requests.emplace(id, std::move(request));
    return id;
}

void Forwarder::finishSoon(quint64 id, UpstreamResult::Status status, const QString &error)
{
    // Deferred so the callback never runs inside resolve(), where the caller does not yet know
    // the id; a cancel() in between still wins.
    QTimer::singleShot(0, this, [this, id, status, error] {
        UpstreamResult result;
        result.status = status;
        result.error = error;
        finish(id, std::move(result));
    });
}

bool Forwarder::admitWhileDown()
{
    if (m_outage.admitProbe(m_clock.nowMs())) {
        qCDebug(lcUpstream) << "outage: letting one question through as a probe";
        return true;
    }
    ++m_counters.failedFast;
    return false;
}

std::vector<int> Forwarder::serverOrder() const
{
    // Known limit: a server that is down while another is up gets questions only after the up
    // ones failed them; rechecks run during an outage only, so it may stay down for long.
    std::vector<int> order(m_health.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = int(i);
    std::stable_sort(order.begin(), order.end(), [this](int a, int b) {
        const UpstreamHealth &ha = m_health[std::size_t(a)];
        const UpstreamHealth &hb = m_health[std::size_t(b)];
        if (ha.isUp() != hb.isUp())
            return ha.isUp();
        return ha.isUp() && ha.rankingRttMs() < hb.rankingRttMs();
    });
    return order;
}

void Forwarder::begin(Request &request)
{
    request.deadlineTimer = startTimer(int(remainingMs(request.deadline)), Qt::PreciseTimer);
    if (request.deadlineTimer)
        m_deadlineTimers.emplace(request.deadlineTimer, request.id);
    advance(request);
}

void Forwarder::advance(Request &request)
{
    // One attempt at a time within its timeout; the older ones go on listening. When the last
    // one's timeout passes, the question ends: clients are not kept waiting past the attempts.
    if (request.hasActiveAttempt())
        return;
    const int server = nextServer(request);
    if (server < 0 || !hasAttemptLeft(request)) {
        finishWithFailure(request, false);
        return;
    }
    if (hasSocketFree(request)) {
        startAttempt(request, server);
        return;
    }
    // Every socket is in use: the attempts there are go on listening until the deadline.
    if (!request.isListening() || request.deadlineTimer == 0)
        finishWithFailure(request, false);
}

bool Forwarder::hasAttemptLeft(const Request &request) const
{
    if (int(request.attempts.size()) >= request.maxAttempts)
        return false;
    if (request.attempts.empty())
        return !request.deadline.hasExpired();
    return request.deadline.remainingTime() >= minRetryWindowMs;
}

bool Forwarder::hasSocketFree(const Request &request) const
{
    // Probes are few (one per server) and must not be starved by the questions they help.
    return request.probeServer >= 0 || m_openSockets < m_options.maxInFlight;
}

void Forwarder::startAttempt(Request &request, int server)
{
    auto *exchange = new UpstreamExchange(attemptSetup(request, server), m_counters, m_clock, this);
    request.attempts.push_back({exchange, server, {}});
    ++m_openSockets;
    const quint64 id = request.id;
    connect(exchange, &UpstreamExchange::timedOut, this, [this, id] { onAttemptTimedOut(id); });
    connect(exchange, &UpstreamExchange::finished, this,
            [this, id, exchange] { onAttemptFinished(id, exchange); });
    m_health[std::size_t(server)].recordQuerySent();
    ++m_counters.queries;
    exchange->start();
}

int Forwarder::nextServer(const Request &request) const
{
    if (request.probeServer >= 0)
        return request.probeServer;
    const std::size_t count = request.order.size();
    for (std::size_t k = 0; k < count; ++k) {
        const int server = request.order[(request.attempts.size() + k) % count];
        if (std::find(request.answeredWithError.begin(), request.answeredWithError.end(), server) ==
            request.answeredWithError.end())
            return server;
    }
    return -1;
}

UpstreamExchange::Setup Forwarder::attemptSetup(const Request &request, int server) const
{
    // Known limit: the question's deadline caps each wait when the attempt starts, so a TCP
    // fallback that begins late in an attempt may end a little after the deadline.
    const auto id = std::uint16_t(QRandomGenerator::system()->generate() & 0xffff);
    Dns::EdnsParameters edns;
    edns.udpPayloadSize = m_options.ednsUdpSize;
    edns.dnssecOk = request.dnssecOk;

    // A probe waits as long as any answer may take: a slow server is still a live one.
    const int serverTimeout = request.probeServer >= 0 ? UpstreamHealth::maxTimeoutMs
                                                       : m_health[std::size_t(server)].timeoutMs();
    const qint64 left = remainingMs(request.deadline);

    UpstreamExchange::Setup setup;
    setup.server = m_servers[server];
    setup.query = Dns::MessageBuilder::query(id, request.name, request.type, request.klass, edns);
    setup.expected = {id, request.name, request.type, request.klass};
    setup.udpTimeoutMs = int(std::min<qint64>(serverTimeout, left));
    setup.tcpTimeoutMs = int(std::min<qint64>(std::max(2 * serverTimeout, minTcpTimeoutMs), left));
    return setup;
}

void Forwarder::onAttemptTimedOut(quint64 requestId)
{
    const auto it = m_requests.find(requestId);
    if (it != m_requests.end())
        advance(*it->second);
}

void Forwarder::onAttemptFinished(quint64 requestId, UpstreamExchange *exchange)
{
    auto it = m_requests.find(requestId);
    Attempt *attempt = it == m_requests.end() ? nullptr : it->second->attemptWith(exchange);
    if (!attempt) {
        exchange->deleteLater();
        return;
    }
    Request &request = *it->second;
    const UpstreamExchange::Outcome outcome = exchange->outcome();
    const int server = attempt->server;
    closeAttempt(*attempt);
    recordOutcome(request, *attempt, outcome);
    if (outcome.kind == UpstreamExchange::Outcome::Kind::Reply &&
        isUsableRcode(fullRcode(outcome.parsed))) {
        finishWithAnswer(request, outcome, server);
        return;
    }
    updateOutage(); // may emit, and a slot may cancel requests: look this one up again
    it = m_requests.find(requestId);
    if (it != m_requests.end())
        advance(*it->second);
}

void Forwarder::recordOutcome(Request &request, Attempt &attempt,
                              const UpstreamExchange::Outcome &outcome)
{
    const int server = attempt.server;
    UpstreamHealth &health = m_health[std::size_t(server)];
    const bool wasUp = health.isUp();
    const qint64 now = m_clock.nowMs();
    const QString where = m_servers[server].toString();
    using Kind = UpstreamExchange::Outcome::Kind;

    if (outcome.kind == Kind::Reply) {
        request.replied.push_back(server);
        if (outcome.late)
            ++m_counters.lateReplies;
    }
    if (outcome.kind == Kind::Reply && isUsableRcode(fullRcode(outcome.parsed))) {
        // A late reply is a success too, with its real RTT: the server is slow, not gone.
        health.recordSuccess(outcome.rttMs, now);
        ++m_counters.answers;
    } else if (outcome.kind == Kind::Reply) {
        const std::uint16_t rcode = fullRcode(outcome.parsed);
        health.recordErrorReply();
        ++m_counters.errorReplies;
        request.answeredWithError.push_back(server);
        attempt.failure = where + QStringLiteral(" answered ") + rcodeText(rcode);
        request.lastErrorReply.wire = outcome.wire;
        request.lastErrorReply.parsed = outcome.parsed;
        request.lastErrorReply.serverIndex = server;
    } else {
        health.recordFailure(now);
        ++m_counters.networkErrors;
        request.sawNetworkError = true;
        attempt.failure = where + QStringLiteral(": ") + outcome.error;
    }
    if (wasUp != health.isUp())
        reportServerChange(server, wasUp);
}

void Forwarder::recordSilence(Request &request, Attempt &attempt)
{
    attempt.failure = m_servers[attempt.server].toString() + QStringLiteral(": ") +
                      attempt.exchange->silenceText();
    // A server that replied to another attempt of this question is reachable: this query was
    // overtaken, not lost.
    if (request.hasReplied(attempt.server))
        return;
    ++m_counters.timeouts;
    recordFailure(attempt.server);
}

void Forwarder::recordFailure(int server)
{
    UpstreamHealth &health = m_health[std::size_t(server)];
    const bool wasUp = health.isUp();
    health.recordFailure(m_clock.nowMs());
    if (wasUp != health.isUp())
        reportServerChange(server, wasUp);
}

void Forwarder::closeAttempt(Attempt &attempt)
{
    // May run inside the exchange's own signal: it is deleted later, not now.
    attempt.exchange->disconnect(this);
    attempt.exchange->stop();
    attempt.exchange->deleteLater();
    attempt.exchange = nullptr;
    // Every open attempt counts once; a miscount would either refuse all questions as
    // overloaded or let sockets grow past the bound.
    Q_ASSERT(m_openSockets > 0);
    --m_openSockets;
}

void Forwarder::closeAttempts(Request &request, bool deadlinePassed)
{
    // The question ends: an attempt still listening counts as timed out if its own timeout
    // passed, or the deadline did (which capped every attempt's timeout).
    for (Attempt &attempt : request.attempts) {
        if (!attempt.exchange)
            continue;
        if (deadlinePassed || attempt.exchange->isOverdue())
            recordSilence(request, attempt);
        closeAttempt(attempt);
    }
}

void Forwarder::release(Request &request)
{
    for (Attempt &attempt : request.attempts) {
        if (attempt.exchange)
            closeAttempt(attempt);
    }
    if (request.deadlineTimer) {
        killTimer(request.deadlineTimer);
        m_deadlineTimers.erase(request.deadlineTimer);
        request.deadlineTimer = 0;
    }
}

void Forwarder::finishWithAnswer(Request &request, const UpstreamExchange::Outcome &outcome,
                                 int server)
{
    closeAttempts(request, false);
    UpstreamResult result;
    result.status = UpstreamResult::Status::Answer;
    result.wire = outcome.wire;
    result.parsed = outcome.parsed;
    result.serverIndex = server;
    deliver(request.id, std::move(result));
}

void Forwarder::finishWithFailure(Request &request, bool deadlinePassed)
{
    closeAttempts(request, deadlinePassed);
    UpstreamResult result;
    using Status = UpstreamResult::Status;
    if (request.lastErrorReply.serverIndex >= 0) {
        result = request.lastErrorReply;
        result.status = Status::ServerFailure;
    } else {
        result.status = request.sawNetworkError ? Status::NetworkError : Status::Timeout;
    }
    QStringList failures;
    for (const Attempt &attempt : request.attempts) {
        if (!attempt.failure.isEmpty())
            failures.append(attempt.failure);
    }
    if (failures.isEmpty())
        failures.append(QStringLiteral("the deadline passed before any server was asked"));
    result.error = QStringLiteral("no usable answer from the upstream servers: ") +
                   failures.join(QStringLiteral("; "));
    deliver(request.id, std::move(result));
}

void Forwarder::deliver(quint64 id, UpstreamResult result)
{
    // The outage state follows the health just recorded before the caller hears the result; a
    // slot of outageChanged() that cancels the question still wins.
    updateOutage();
    finish(id, std::move(result));
}

void Forwarder::finish(quint64 id, UpstreamResult result)
{
    const auto it = m_requests.find(id);
    if (it == m_requests.end())
        return;
    const std::unique_ptr<Request> request = std::move(it->second);
    m_requests.erase(it);
    release(*request);
    if (request->probeServer >= 0)
        m_probing[std::size_t(request->probeServer)] = false;
    if (request->done)
        request->done(result);
}

void Forwarder::probeAllServers()
{
    const qint64 now = m_clock.nowMs();
    m_outage.recheckSent(now);
    armRecheckTimer();
    const QByteArray name = m_lastName.isEmpty() ? QByteArray(1, '\0') : m_lastName;
    for (std::size_t server = 0; server < m_health.size(); ++server) {
        if (m_probing[server])
            continue; // the last probe is still waiting
        m_probing[server] = true;
        ++m_counters.probes;
        const quint64 id = addRequest(name, m_lastType, m_lastClass, false, {});
        Request &request = *m_requests.at(id);
        request.probeServer = int(server);
        request.maxAttempts = 1;
        begin(request);
    }
}

void Forwarder::updateOutage()
{
    if (m_servers.isEmpty())
        return;
    const bool allDown = std::none_of(m_health.begin(), m_health.end(),
                                      [](const UpstreamHealth &health) { return health.isUp(); });
    const qint64 now = m_clock.nowMs();
    const qint64 previousSince = m_outage.sinceMs();
    if (!m_outage.update(allDown, now))
        return;
    armRecheckTimer();
    if (m_outageLog.allow(now))
        logOutageChange(allDown, now - previousSince);
    emit outageChanged(allDown, now);
}

void Forwarder::logOutageChange(bool inOutage, qint64 previousStateMs)
{
    if (inOutage) {
        qCWarning(lcUpstream) << "all upstream servers are unreachable; answering from cache and "
                                 "peers";
    } else {
        qCInfo(lcUpstream).nospace().noquote()
            << "upstream servers answer again after " << previousStateMs / 1000 << " s";
    }
}

void Forwarder::reportServerChange(int server, bool wasUp)
{
    emit serverChanged(m_servers[server].toString(), !wasUp);
    if (!m_serverLog.allow(m_clock.nowMs()))
        return;
    const UpstreamHealth &health = m_health[std::size_t(server)];
    if (wasUp) {
        qCInfo(lcUpstream).nospace().noquote()
            << "upstream server stopped answering: " << m_servers[server].toString() << " after "
            << health.consecutiveFailures() << " failures";
    } else {
        qCInfo(lcUpstream).nospace().noquote()
            << "upstream server answers again: " << m_servers[server].toString();
    }
}

void Forwarder::armRecheckTimer()
{
    if (!m_outage.inOutage() || m_servers.isEmpty()) {
        m_recheckTimer.stop();
        return;
    }
    const qint64 wait = std::clamp<qint64>(m_outage.nextRecheckMs() - m_clock.nowMs(), 0,
                                           m_outage.recheckIntervalMs());
    m_recheckTimer.start(int(std::min<qint64>(wait, std::numeric_limits<int>::max())));
}

} // namespace Shoal
