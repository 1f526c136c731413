#pragma once

#include "service/upstream/ForwarderOptions.h"
#include "service/upstream/OutageTracker.h"
#include "service/upstream/UpstreamAddress.h"
#include "service/upstream/UpstreamCounters.h"
#include "service/upstream/UpstreamExchange.h"
#include "service/upstream/UpstreamHealth.h"
#include "service/upstream/UpstreamResult.h"
#include "service/upstream/UpstreamStatus.h"

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPair>
#include <QString>
#include <QTimer>
#include <QTimerEvent>
#include <functional>
#include <memory>
#include <unordered_map>
#include <vector>

namespace Shoal {

class Clock;
class Counters;

// Forwards questions to the upstream DNS servers and tracks their health.
//
// Each attempt of a question is a fresh query (random ID, fresh socket and source port, an OPT
// record with DO copied from the client) sent to the servers in order of health: servers that
// are up first, by smoothed RTT, then the ones that are down, ties in configured order. A
// timeout, a network error or an error reply (SERVFAIL, REFUSED, ...) moves on to the next
// server, up to maxAttempts attempts and deadlineMs in all; a server that answered with an error
// code is not asked the same question again. A truncated reply is retried over TCP.
//
// An attempt whose timeout passed keeps listening until the question ends (an answer, the
// last attempt's timeout, the deadline): the first valid reply to any of its attempts answers
// it, and the others are closed then. Only an attempt that timed out and never got a reply by
// then counts as a failure of its server, so a slow recursive server teaches its real RTT
// instead of being marked down. Every open attempt holds a socket; maxInFlight bounds them.
//
// When every server is down the Forwarder is in outage: questions fail at once with AllDown
// (the resolver then answers from cache and peers), except one real question per recheck
// interval that goes through as a probe, while a timer probes every server with the last
// question asked (". NS" before any) on a doubling backoff. The first valid answer from any
// server ends the outage. outageChanged() reports both edges once.
class Forwarder : public QObject
{
    Q_OBJECT

public:
    using Callback = std::function<void(const UpstreamResult &)>;
    using ListenAddress = QPair<QHostAddress, quint16>;

    Forwarder(QList<UpstreamAddress> servers, const Clock &clock, Counters &counters,
              ForwarderOptions options = {}, QObject *parent = nullptr);
    ~Forwarder() override;

    // Asks the servers for (wireName, type, klass). `done` is called exactly once, never from
    // inside resolve(), unless cancel() is called first; after cancel() it is never called.
    // Pending callbacks are dropped when the Forwarder is destroyed. Returns the request id.
    quint64 resolve(const QByteArray &wireName, quint16 type, quint16 klass, bool dnssecOk,
                    Callback done);
    // Stops request `id`; false if it already finished or never existed.
    bool cancel(quint64 id);
    int inFlight() const { return int(m_requests.size()); }
    // Upstream sockets open now: one per attempt still listening. maxInFlight bounds them.
    int openSockets() const { return m_openSockets; }

    const QList<UpstreamAddress> &servers() const { return m_servers; }
    QList<UpstreamStatus> status() const;
    bool inOutage() const { return m_outage.inOutage(); }
    // When the current outage began; when no outage is going on, when the last one ended
    // (0 if there never was one).
    qint64 outageSinceMs() const { return m_outage.sinceMs(); }
    // The shortest hedge delay among the servers that are up; 0 when none is up (ask peers at
    // once).
    int bestHedgeDelayMs() const;

    // Whether rechecks are due at `nowMs` (pure; the timer calls recheckIfDue()).
    bool recheckDue(qint64 nowMs) const { return m_outage.recheckDue(nowMs); }
    qint64 nextRecheckMs() const { return m_outage.nextRecheckMs(); }

    // The nameservers of a resolv.conf, port 53, minus those that would reach the daemon
    // itself through `ownListenAddresses` (see ResolvConf).
    static QList<UpstreamAddress> fromResolvConf(const QString &path,
                                                 const QList<ListenAddress> &ownListenAddresses);

public slots:
    // Probes every server if a recheck is due by the Clock; the recheck timer calls it, tests
    // call it after moving a ManualClock.
    void recheckIfDue();

signals:
    // Emitted once when every server went down (true) and once when one answered again
    // (false); `sinceMs` is the Clock time of that change.
    void outageChanged(bool inOutage, qint64 sinceMs);
    // Emitted each time one server's health changes between up and down; the address is
    // the server's as configured ("192.0.2.53:53").
    void serverChanged(const QString &server, bool up);

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    struct Attempt;
    struct Request;

    quint64 addRequest(const QByteArray &wireName, quint16 type, quint16 klass, bool dnssecOk,
                       Callback done);
    void finishSoon(quint64 id, UpstreamResult::Status status, const QString &error);
    bool admitWhileDown();
    std::vector<int> serverOrder() const;
    void begin(Request &request);
    void advance(Request &request);
    bool hasAttemptLeft(const Request &request) const;
    bool hasSocketFree(const Request &request) const;
    void startAttempt(Request &request, int server);
    int nextServer(const Request &request) const;
    UpstreamExchange::Setup attemptSetup(const Request &request, int server) const;
    void onAttemptTimedOut(quint64 requestId);
    void onAttemptFinished(quint64 requestId, UpstreamExchange *exchange);
    void recordOutcome(Request &request, Attempt &attempt,
                       const UpstreamExchange::Outcome &outcome);
    void recordSilence(Request &request, Attempt &attempt);
    void recordFailure(int server);
    void closeAttempt(Attempt &attempt);
    void closeAttempts(Request &request, bool deadlinePassed);
    void release(Request &request);
    void finishWithAnswer(Request &request, const UpstreamExchange::Outcome &outcome, int server);
    void finishWithFailure(Request &request, bool deadlinePassed);
    void deliver(quint64 id, UpstreamResult result);
    void finish(quint64 id, UpstreamResult result);
    void probeAllServers();
    void updateOutage();
    void logOutageChange(bool inOutage, qint64 previousStateMs);
    // Tells of one server changing between up and down: serverChanged, and a rate-limited log line.
    void reportServerChange(int server, bool wasUp);
    void armRecheckTimer();

    QList<UpstreamAddress> m_servers;
    std::vector<UpstreamHealth> m_health;
    std::vector<bool> m_probing; // a recheck probe of this server is waiting
    const Clock &m_clock;
    UpstreamCounters m_counters;
    ForwarderOptions m_options;
    OutageTracker m_outage;
    QTimer m_recheckTimer;
    std::unordered_map<quint64, std::unique_ptr<Request>> m_requests;
    std::unordered_map<int, quint64> m_deadlineTimers; // timer id -> request id
    int m_openSockets = 0;
    quint64 m_nextId = 1;
    QByteArray m_lastName;
    quint16 m_lastType = 2;  // NS
    quint16 m_lastClass = 1; // IN
    LogLimiter m_serverLog{10, 60'000};
    LogLimiter m_outageLog{20, 3'600'000};
};

} // namespace Shoal
