#pragma once

#include "service/control/CacheListing.h"
#include "service/control/ControlBackend.h"
#include "service/control/DnsTypeNames.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace Shoal::Test {

// A daemon stand-in for the control tests: fixed state that the tests set, the requests it
// received, and failures on demand. The real daemon implements the same interface.
class FakeBackend final : public ControlBackend
{
public:
    FakeBackend()
    {
        m_status.version = QStringLiteral("0.1.0");
        m_status.startedMs = 1'700'000'000'000 - 3'600'000;
        m_status.listen = {QStringLiteral("127.0.0.1:53"), QStringLiteral("[::1]:53")};
        m_status.upstreams = {{QStringLiteral("192.0.2.53"), 53, true, 12, 0},
                              {QStringLiteral("2001:db8::53"), 53, false, 0, 7}};
        m_status.cacheEntries = 2;
        m_status.cacheBytes = 512;
        m_status.cacheCapacityBytes = 64 * 1024 * 1024;
        m_status.totals = {1000, 750, 20, 30, 200, 5};
        m_peers = {{QStringLiteral("lab"), QStringLiteral("n1"), QStringLiteral("alpha"),
                    QStringLiteral("192.0.2.7:5353"), true, 120, 1'700'000'000'000 - 5'000},
                   {QStringLiteral("lab"), QStringLiteral("n2"), QStringLiteral("beta"),
                    QStringLiteral("192.0.2.8:5353"), false, 40, 1'700'000'000'000 - 65'000},
                   {QStringLiteral("ops"), QStringLiteral("n1"), QStringLiteral("alpha"),
                    QStringLiteral("192.0.2.7:5354"), true, 120, 1'700'000'000'000 - 5'000}};
        m_groups = {{QStringLiteral("lab"), QStringLiteral("239.255.10.1"), 5353, true, 2, true},
                    {QStringLiteral("ops"), QStringLiteral("239.255.10.2"), 5354, false, 1, false}};
        addEntry(QStringLiteral("www.example.test."), QStringLiteral("A"), 300, false,
                 QStringLiteral("upstream"), {}, QStringLiteral("192.0.2.1"));
        addEntry(QStringLiteral("mail.example.test."), QStringLiteral("MX"), 0, true,
                 QStringLiteral("peer"), QStringLiteral("n1"),
                 QStringLiteral("10 mx.example.test."));
    }

    void addEntry(const QString &name, const QString &type, qint64 ttlLeft, bool stale,
                  const QString &source, const QString &peer, const QString &data)
    {
        Control::CacheEntry entry;
        entry.name = name;
        entry.type = type;
        entry.ttlLeft = ttlLeft;
        entry.stale = stale;
        entry.source = source;
        entry.peer = peer;
        entry.hits = quint64(m_entries.size()) * 3;
        entry.bytes = 64;
        entry.records = {{name, type, quint32(ttlLeft), data}};
        m_entries.append(entry);
    }

    Control::Status status() const override { return m_status; }
    QList<Control::Counter> counters() const override { return m_counters; }
    QList<Control::Peer> peers() const override { return m_peers; }
    QList<Control::Group> groups() const override { return m_groups; }

    QString joinGroup(const Control::JoinRequest &request) override
    {
        m_joins.append(request);
        return m_joinError;
    }

    QString leaveGroup(const QString &name) override
    {
        m_leaves.append(name);
        return m_leaveError;
    }

    QList<Control::CacheEntry> cacheEntries(const Control::CacheQuery &query) const override
    {
        QList<Control::CacheEntry> result;
        for (const Control::CacheEntry &entry : m_entries) {
            const quint16 type = Control::typeFromText(entry.type).value_or(0);
            if (Control::CacheListing::matches(query, entry.name, type, entry.stale))
                result.append(entry);
        }
        return result;
    }

    int flushCache(const Control::FlushRequest &request) override
    {
        m_flushes.append(request);
        return m_flushRemoves;
    }

    Control::Status m_status;
    QList<Control::Counter> m_counters{
        {QStringLiteral("dns.queries"), 1000, QStringLiteral("client queries")}};
    QList<Control::Peer> m_peers;
    QList<Control::Group> m_groups;
    QList<Control::CacheEntry> m_entries;
    QString m_joinError;
    QString m_leaveError;
    int m_flushRemoves = 2;
    QList<Control::JoinRequest> m_joins;
    QStringList m_leaves;
    QList<Control::FlushRequest> m_flushes;
};

} // namespace Shoal::Test
