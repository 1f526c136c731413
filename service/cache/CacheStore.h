#pragma once

#include "service/cache/CacheFile.h"
#include "service/common/LogLimiter.h"

#include <QByteArray>
#include <QFile>
#include <QObject>
#include <QSet>
#include <QString>
#include <QTimer>
#include <cstdint>
#include <memory>
#include <optional>

namespace Shoal {

class Cache;
class Clock;
class Counters;

// Keeps the cache on disk so that a restart, even during an outage, keeps what was known.
// Two files in the state directory: cache.snapshot, the whole cache written atomically
// (QSaveFile, then the directory synced), and cache.journal, the entries stored since, appended
// and fsynced by flush(). compact() folds the journal into a new snapshot. After a kill -9 the
// snapshot is intact and the journal lacks at most the entries of the last flush interval.
//
// Disk trouble (no directory, read-only, full) never stops the daemon: it is logged (rate
// limited), counted in cache.store-errors, and the cache goes on in memory.
class CacheStore : public QObject
{
    Q_OBJECT

public:
    static constexpr int defaultFlushIntervalMs = 2000;
    // More keys than this waiting for the journal: write a snapshot instead.
    static constexpr int maxPendingKeys = 65536;

    CacheStore(QString directory, Cache &cache, Counters &counters, const Clock &clock,
               QObject *parent = nullptr);
    ~CacheStore() override;

    // Reads the snapshot, then the journal of the same generation, into the cache, and then
    // writes a fresh snapshot. Returns how many entries were taken.
    int load();

    // The entry under `key` was stored or replaced: journal it at the next flush.
    void recordInsert(QByteArrayView key);
    // Entries were removed: the next flush writes a snapshot without them.
    void recordRemoval();

    // Appends the entries recorded since the last flush to the journal and fsyncs it; compacts
    // when the journal has grown past max(1 MiB, half the snapshot). False on a disk error,
    // after which flushing pauses for a minute and then writes a whole snapshot.
    bool flush();
    // Writes a new snapshot of the whole cache and empties the journal.
    bool compact();

    // Flushes every `flushIntervalMs` from now on.
    void start(int flushIntervalMs = defaultFlushIntervalMs);
    // Stops flushing and writes a last snapshot.
    void shutdown();

    QString snapshotPath() const;
    QString journalPath() const;

private:
    std::optional<QByteArray> readFile(const QString &path);
    int loadFile(const QString &path, CacheFile::Kind kind, bool &damaged);
    int loadRecords(QByteArrayView file, bool &damaged);
    bool loadEntry(QByteArrayView payload, qint64 nowMs);
    void reject(const char *reason);
    bool ensureDirectory();
    bool writeSnapshot(std::uint32_t generation);
    bool resetJournal(std::uint32_t generation);
    bool openJournalForAppend();
    bool appendToJournal(const QByteArray &records);
    bool journalIsLarge() const;
    void storeError(const QString &what, const QString &detail);

    QString m_directory;
    Cache &m_cache;
    Counters &m_counters;
    const Clock &m_clock;
    QTimer m_timer;
    std::unique_ptr<QFile> m_journal; // open for appending while healthy
    QSet<QByteArray> m_pending;
    std::uint32_t m_generation = 0;
    std::uint32_t m_journalGeneration = 0;
    qint64 m_snapshotBytes = 0;
    qint64 m_journalBytes = 0;
    bool m_compactWanted = false;
    bool m_readFailed = false;
    qint64 m_retryAfterMs = 0;
    LogLimiter m_errorLog{1, 10 * 60'000};

    quint64 &m_storeErrors;
    quint64 &m_loadRejected;
    quint64 &m_loadTorn;
    quint64 &m_loadExpired;
    quint64 &m_loaded;
};

} // namespace Shoal
