#pragma once

#include <QObject>
#include <QString>

#include <memory>

#include "service/common/Clock.h"
#include "service/common/Counters.h"
#include "service/config/DaemonConfig.h"

namespace Shoal {

class Cache;
class CacheStore;
class ControlServer;
class DaemonControl;
class Peering;
class Forwarder;
class Resolver;
class StubServer;

// One running shoald: owns every component and wires them together in the order a query flows
// (listeners, resolver, cache, upstream). main.cpp builds a DaemonConfig, then start()s this.
class Daemon : public QObject
{
    Q_OBJECT

public:
    explicit Daemon(DaemonConfig config, QObject *parent = nullptr);
    ~Daemon() override;

    // Loads the cache, resolves the upstream list and opens every listener. False with a
    // message an operator can act on when something is missing or taken.
    bool start(QString *error);

    // Writes the cache to disk; called on shutdown. Safe to call more than once.
    void stop();

    const DaemonConfig &config() const { return m_config; }
    Counters &counters() { return m_counters; }
    const Clock &clock() const { return m_clock; }
    const Counters &counters() const { return m_counters; }
    Cache &cache() { return *m_cache; }
    const Cache &cache() const { return *m_cache; }
    CacheStore &store() { return *m_store; }
    Forwarder &forwarder() { return *m_forwarder; }
    const Forwarder &forwarder() const { return *m_forwarder; }
    StubServer &server() { return *m_server; }
    const StubServer &server() const { return *m_server; }
    ControlServer &control() { return *m_control; }
    Peering &peering() { return *m_peering; }
    const Peering &peering() const { return *m_peering; }
    qint64 startedAtMs() const { return m_startedAtMs; }

private:
    bool resolveUpstreams(QString *error);
    void startControl();
    void startPeering();
    void reportOutage(bool inOutage, qint64 sinceMs);

    DaemonConfig m_config;
    SystemClock m_clock;
    Counters m_counters;
    qint64 m_startedAtMs = 0;
    std::unique_ptr<Cache> m_cache;
    std::unique_ptr<CacheStore> m_store;
    std::unique_ptr<Forwarder> m_forwarder;
    std::unique_ptr<Resolver> m_resolver;
    std::unique_ptr<Peering> m_peering;
    std::unique_ptr<StubServer> m_server;
    std::unique_ptr<DaemonControl> m_controlBackend;
    std::unique_ptr<ControlServer> m_control;
};

} // namespace Shoal
