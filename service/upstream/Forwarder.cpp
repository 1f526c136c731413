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

// One question in flight: the servers to try, what each attempt gave, and the callback.
struct Forwarder::Request
{
    quint64 id = 0;
    QByteArray name;
    quint16 type = 0;
    quint16 klass = 0;
    bool dnssecOk = false;
    Callback done;
    QDeadlineTimer deadline;
    std::vector<int> order;             // servers to try, best first
    std::vector<int> answeredWithError; // not asked this question again
    int attempts = 0;
    int maxAttempts = 0;
    int probeServer = -1; // a recheck probe of this server; no callback
    int currentServer = -1;
    UpstreamExchange *exchange = nullptr;
    QStringList failures; // per attempt, plain words
    bool sawNetworkError = false;
    UpstreamResult lastErrorReply; // serverIndex >= 0 once an error reply came
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
    for (auto &entry : m_requests)
        delete entry.second->exchange;
}

quint64 Forwarder::resolve(const QByteArray &wireName, quint16 type, quint16 klass, bool dnssecOk,
                           Callback done)
{
    const bool overloaded = int(m_requests.size()) >= m_options.maxInFlight;
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
        startNextAttempt(*m_requests.at(id));
    }
    return id;
}

bool Forwarder::cancel(quint64 id)
{
    const auto it = m_requests.find(id);
    if (it == m_requests.end() || it->second->probeServer >= 0)
        return false;
    if (UpstreamExchange *exchange = it->second->exchange) {
        exchange->disconnect(this);
        exchange->deleteLater();
    }
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

void Forwarder::startNextAttempt(Request &request)
{
    const int server = nextServer(request);
    if (request.attempts >= request.maxAttempts || request.deadline.hasExpired() || server < 0) {
        finishWithFailure(request);
        return;
    }
    ++request.attempts;
    request.currentServer = server;
    request.exchange =
        new UpstreamExchange(attemptSetup(request, server), m_counters, m_clock, this);
    connect(
        request.exchange, &UpstreamExchange::finished, this,
        [this, id = request.id, exchange = request.exchange] { onAttemptFinished(id, exchange); });
    m_health[std::size_t(server)].recordQuerySent();
    ++m_counters.queries;
    request.exchange->start();
}

int Forwarder::nextServer(Request &request) const
{
    if (request.probeServer >= 0)
        return request.probeServer;
    const std::size_t count = request.order.size();
    for (std::size_t k = 0; k < count; ++k) {
        const int server = request.order[(std::size_t(request.attempts) + k) % count];
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

void Forwarder::onAttemptFinished(quint64 requestId, UpstreamExchange *exchange)
{
    exchange->deleteLater();
    auto it = m_requests.find(requestId);
    if (it == m_requests.end())
        return;
    Request &request = *it->second;
    request.exchange = nullptr;
    const UpstreamExchange::Outcome &outcome = exchange->outcome();
    const int server = request.currentServer;
    recordOutcome(request, server, outcome);
    updateOutage(); // may emit, and a slot may cancel requests: look this one up again

    it = m_requests.find(requestId);
    if (it == m_requests.end())
        return;
    if (outcome.kind == UpstreamExchange::Outcome::Kind::Reply &&
        isUsableRcode(fullRcode(outcome.parsed))) {
        UpstreamResult result;
        result.status = UpstreamResult::Status::Answer;
        result.wire = outcome.wire;
        result.parsed = outcome.parsed;
        result.serverIndex = server;
        finish(requestId, std::move(result));
        return;
    }
    startNextAttempt(*it->second);
}

void Forwarder::recordOutcome(Request &request, int server,
                              const UpstreamExchange::Outcome &outcome)
{
    UpstreamHealth &health = m_health[std::size_t(server)];
    const bool wasUp = health.isUp();
    const qint64 now = m_clock.nowMs();
    const QString where = m_servers[server].toString();
    using Kind = UpstreamExchange::Outcome::Kind;

    if (outcome.kind == Kind::Reply && isUsableRcode(fullRcode(outcome.parsed))) {
        health.recordSuccess(outcome.rttMs, now);
        ++m_counters.answers;
    } else if (outcome.kind == Kind::Reply) {
        const std::uint16_t rcode = fullRcode(outcome.parsed);
        health.recordErrorReply();
        ++m_counters.errorReplies;
        request.answeredWithError.push_back(server);
        request.failures.append(where + QStringLiteral(" answered ") + rcodeText(rcode));
        request.lastErrorReply.wire = outcome.wire;
        request.lastErrorReply.parsed = outcome.parsed;
        request.lastErrorReply.serverIndex = server;
    } else {
        health.recordFailure(now);
        ++(outcome.kind == Kind::Timeout ? m_counters.timeouts : m_counters.networkErrors);
        request.sawNetworkError |= outcome.kind == Kind::NetworkError;
        request.failures.append(where + QStringLiteral(": ") + outcome.error);
    }
    if (wasUp != health.isUp())
        logServerChange(server, wasUp);
}

void Forwarder::finish(quint64 id, UpstreamResult result)
{
    const auto it = m_requests.find(id);
    if (it == m_requests.end())
        return;
    const std::unique_ptr<Request> request = std::move(it->second);
    m_requests.erase(it);
    if (request->probeServer >= 0)
        m_probing[std::size_t(request->probeServer)] = false;
    if (request->done)
        request->done(result);
}

void Forwarder::finishWithFailure(Request &request)
{
    UpstreamResult result;
    using Status = UpstreamResult::Status;
    if (request.lastErrorReply.serverIndex >= 0) {
        result = request.lastErrorReply;
        result.status = Status::ServerFailure;
    } else {
        result.status = request.sawNetworkError ? Status::NetworkError : Status::Timeout;
    }
    if (request.failures.isEmpty())
        request.failures.append(QStringLiteral("the deadline passed before any server was asked"));
    result.error = QStringLiteral("no usable answer from the upstream servers: ") +
                   request.failures.join(QStringLiteral("; "));
    finish(request.id, std::move(result));
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
        startNextAttempt(request);
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

void Forwarder::logServerChange(int server, bool wasUp)
{
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
