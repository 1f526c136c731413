#include "ReplyWriter.h"
#include "service/cache/Cache.h"
#include "service/cache/CacheFile.h"
#include "service/cache/CacheStore.h"
#include "service/cache/Crc32.h"
#include "service/cache/StoredAnswer.h"
#include "service/common/Clock.h"
#include "service/common/Counters.h"
#include "service/dns/DnsName.h"
#include "service/dns/Message.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <limits>

using namespace Shoal;

namespace {

constexpr std::uint16_t typeA = 1, typeSoa = 6;

QByteArray keyOf(const QString &name)
{
    return Dns::cacheKey(TestDns::wireName(name), typeA, 1);
}

QByteArray aWire(const QString &name, std::uint32_t ttl)
{
    return ReplyWriter(name, typeA).answer(name, typeA, ttl, ReplyWriter::a("192.0.2.1")).wire();
}

// One daemon's cache and store over a state directory; a second Node over the same directory
// is the daemon after a restart.
struct Node
{
    Node(const QString &directory, ManualClock &sharedClock)
        : clock(sharedClock)
        , cache(CacheLimits(), counters, sharedClock)
        , store(directory, cache, counters, sharedClock)
    {}

    void put(const QString &name, std::uint32_t ttl,
             const AnswerSource &source = AnswerSource::upstream())
    {
        putWire(aWire(name, ttl), source);
    }

    void putWire(const QByteArray &wire, const AnswerSource &source = AnswerSource::upstream())
    {
        auto answer = StoredAnswer::fromReply(Dns::Message::parse(wire), wire, clock.nowMs(),
                                              cache.limits(), source);
        QVERIFY(answer);
        const QByteArray key = answer->key().toByteArray();
        QVERIFY(cache.insert(key, std::move(*answer)));
        store.recordInsert(key);
    }

    Cache::Freshness freshness(const QString &name)
    {
        return cache.lookup(keyOf(name), clock.nowMs()).freshness;
    }

    quint64 counter(const char *name) const { return counters.value(QString::fromLatin1(name)); }

    ManualClock &clock;
    Counters counters;
    Cache cache;
    CacheStore store;
};

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void writeAll(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(file.write(bytes), bytes.size());
}

void appendU16(QByteArray &out, std::uint16_t value)
{
    out += char(value >> 8);
    out += char(value & 0xff);
}

void appendU32(QByteArray &out, std::uint32_t value)
{
    appendU16(out, std::uint16_t(value >> 16));
    appendU16(out, std::uint16_t(value));
}

void appendI64(QByteArray &out, qint64 value)
{
    appendU32(out, std::uint32_t(quint64(value) >> 32));
    appendU32(out, std::uint32_t(value));
}

// An entry record written by hand from the layout in docs/cache.md, with a correct CRC, so
// only the validation of its contents can refuse it.
QByteArray handMadeRecordAt(const QByteArray &key, const QByteArray &wire, qint64 storedAtMs,
                            qint64 expiresAtMs, qint64 staleUntilMs)
{
    QByteArray payload;
    payload += char(1);
    appendI64(payload, storedAtMs);
    appendI64(payload, expiresAtMs);
    appendI64(payload, staleUntilMs);
    payload += char(0); // upstream
    payload += char(0); // positive
    payload += char(0); // no peer id
    appendU16(payload, std::uint16_t(key.size()));
    payload += key;
    appendU16(payload, std::uint16_t(wire.size()));
    payload += wire;
    QByteArray frame;
    appendU32(frame, std::uint32_t(payload.size()));
    appendU32(frame, Crc32::of(payload));
    return frame + payload;
}

QByteArray handMadeRecord(const QByteArray &key, const QByteArray &wire, qint64 storedAtMs,
                          qint64 ttlMs)
{
    return handMadeRecordAt(key, wire, storedAtMs, storedAtMs + ttlMs,
                            storedAtMs + ttlMs + 3600'000);
}

} // namespace

class TestCacheStore : public QObject
{
    Q_OBJECT

private slots:
    void crc32MatchesTheStandardCheckValue()
    {
        QCOMPARE(Crc32::of("123456789"), 0xcbf43926u);
        QCOMPARE(Crc32::of(""), 0u);
    }

    void snapshotRoundTrip()
    {
        QTemporaryDir dir;
        ManualClock clock;
        {
            Node node(dir.path(), clock);
            node.put(u"a.test"_qs, 300);
            node.put(u"b.test"_qs, 600, AnswerSource::peer(u"peer-42"_qs));
            node.putWire(
                ReplyWriter(u"nope.test"_qs, typeA, 3)
                    .authority(u"test"_qs, typeSoa, 900, ReplyWriter::soa(u"ns.test"_qs, 900))
                    .wire());
            node.store.shutdown();
        }
        clock.advanceMs(10'000);
        Node restarted(dir.path(), clock);
        QCOMPARE(restarted.store.load(), 3);
        QCOMPARE(restarted.cache.entryCount(), std::size_t(3));
        const StoredAnswer *b = restarted.cache.find(keyOf(u"b.test"_qs));
        QVERIFY(b);
        QCOMPARE(b->source().peerId, u"peer-42"_qs);
        QCOMPARE(b->storedAtMs, clock.nowMs() - 10'000);
        QCOMPARE(b->expiresAtMs, b->storedAtMs + 600'000);
        const StoredAnswer *nope = restarted.cache.find(keyOf(u"nope.test"_qs));
        QVERIFY(nope && nope->negative);
        QCOMPARE(nope->rcode, 3);
        QCOMPARE(restarted.freshness(u"a.test"_qs), Cache::Freshness::Fresh);
        QCOMPARE(restarted.counter("cache.load-rejected"), 0u);
    }

    void journalKeepsFlushedEntriesAcrossAKill()
    {
        QTemporaryDir dir;
        ManualClock clock;
        {
            Node node(dir.path(), clock);
            node.store.load(); // empty snapshot and journal
            node.put(u"a.test"_qs, 300);
            node.put(u"b.test"_qs, 300);
            QVERIFY(node.store.flush());
            node.put(u"lost.test"_qs, 300); // not flushed when the daemon dies
        }                                   // no shutdown(): as after kill -9
        QVERIFY(readAll(dir.path() + u"/cache.journal"_qs).size() > 16);
        Node restarted(dir.path(), clock);
        QCOMPARE(restarted.store.load(), 2);
        QVERIFY(restarted.cache.find(keyOf(u"a.test"_qs)));
        QVERIFY(!restarted.cache.find(keyOf(u"lost.test"_qs)));
        // The load wrote a fresh snapshot: the journal is back to its header.
        QCOMPARE(readAll(dir.path() + u"/cache.journal"_qs).size(), 16);
    }

    void tornJournalTailIsIgnored()
    {
        QTemporaryDir dir;
        ManualClock clock;
        {
            Node node(dir.path(), clock);
            node.store.load();
            node.put(u"a.test"_qs, 300);
            QVERIFY(node.store.flush());
            node.put(u"b.test"_qs, 300);
            QVERIFY(node.store.flush());
        }
        const QString journal = dir.path() + u"/cache.journal"_qs;
        const QByteArray bytes = readAll(journal);
        writeAll(journal, bytes.first(bytes.size() - 5));
        Node restarted(dir.path(), clock);
        QCOMPARE(restarted.store.load(), 1);
        QVERIFY(restarted.cache.find(keyOf(u"a.test"_qs)));
        QCOMPARE(restarted.counter("cache.load-torn"), 1u);

        // What comes next is appended after a clean journal, not after the torn bytes.
        restarted.put(u"c.test"_qs, 300);
        QVERIFY(restarted.store.flush());
        Node again(dir.path(), clock);
        QCOMPARE(again.store.load(), 2);
        QCOMPARE(again.counter("cache.load-torn"), 0u);
    }

    void corruptedRecordIsSkipped()
    {
        QTemporaryDir dir;
        ManualClock clock;
        {
            Node node(dir.path(), clock);
            node.put(u"a.test"_qs, 300);
            node.put(u"b.test"_qs, 300);
            QVERIFY(node.store.compact());
        }
        const QString snapshot = dir.path() + u"/cache.snapshot"_qs;
        QByteArray bytes = readAll(snapshot);
        bytes[CacheFile::headerSize + CacheFile::frameHeaderSize + 3] ^= 0x40; // first record
        writeAll(snapshot, bytes);
        Node restarted(dir.path(), clock);
        QCOMPARE(restarted.store.load(), 1);
        QCOMPARE(restarted.counter("cache.load-rejected.crc"), 1u);
        QCOMPARE(restarted.counter("cache.load-rejected"), 1u);
    }

    void garbageFilesAreRefused_data()
    {
        QTest::addColumn<QByteArray>("snapshot");
        QTest::addColumn<QString>("counter");
        QByteArray noise;
        for (int i = 0; i < 4096; ++i)
            noise += char((i * 7919 + 13) % 251);
        QTest::newRow("noise") << noise << u"cache.load-rejected.bad-header"_qs;
        QTest::newRow("empty") << QByteArray() << u"cache.load-rejected.bad-header"_qs;
        QTest::newRow("journal header on the snapshot")
            << CacheFile::header(CacheFile::Kind::Journal, 1)
            << u"cache.load-rejected.bad-header"_qs;
        QTest::newRow("future version")
            << QByteArray("SHOALCCH\x00\x02\x01\x00\x00\x00\x00\x01", 16)
            << u"cache.load-rejected.bad-header"_qs;
        QTest::newRow("noise after a good header")
            << CacheFile::header(CacheFile::Kind::Snapshot, 1) + noise
            << u"cache.load-rejected.bad-frame"_qs;
        QTest::newRow("huge length") << CacheFile::header(CacheFile::Kind::Snapshot, 1) +
                                            QByteArray("\xff\xff\xff\xf0\0\0\0\0", 8)
                                     << u"cache.load-rejected.bad-frame"_qs;
        QByteArray badEntry;
        appendU32(badEntry, 3);
        appendU32(badEntry, Crc32::of("\x07xy"));
        badEntry += "\x07xy";
        QTest::newRow("frame that is no entry")
            << CacheFile::header(CacheFile::Kind::Snapshot, 1) + badEntry
            << u"cache.load-rejected.bad-entry"_qs;
    }

    void garbageFilesAreRefused()
    {
        QFETCH(QByteArray, snapshot);
        QFETCH(QString, counter);
        QTemporaryDir dir;
        writeAll(dir.path() + u"/cache.snapshot"_qs, snapshot);
        ManualClock clock;
        Node node(dir.path(), clock);
        QCOMPARE(node.store.load(), 0);
        QCOMPARE(node.counters.value(counter), 1u);
        QCOMPARE(node.cache.entryCount(), std::size_t(0));
    }

    void hostileRecordsAreRefused_data()
    {
        const qint64 now = ManualClock().nowMs();
        QTest::addColumn<QByteArray>("record");
        QTest::addColumn<QString>("counter");
        const QByteArray good = aWire(u"bank.test"_qs, 300);
        const QByteArray stored = StoredAnswer::fromReply(Dns::Message::parse(good), good, now,
                                                          CacheLimits(), AnswerSource::upstream())
                                      ->wire()
                                      .toByteArray();
        QTest::newRow("control: a good record")
            << handMadeRecord(keyOf(u"bank.test"_qs), stored, now, 300'000) << QString();
        QTest::newRow("wire answers another name than its key")
            << handMadeRecord(keyOf(u"www.bank.test"_qs), stored, now, 300'000)
            << u"cache.load-rejected.inconsistent"_qs;
        const QByteArray poisoned =
            ReplyWriter(u"evil.test"_qs, typeA)
                .answer(u"evil.test"_qs, typeA, 300, ReplyWriter::a("192.0.2.66"))
                .answer(u"bank.test"_qs, typeA, 300, ReplyWriter::a("192.0.2.66"))
                .wire(0);
        QTest::newRow("record off the chain")
            << handMadeRecord(keyOf(u"evil.test"_qs), poisoned, now, 300'000)
            << u"cache.load-rejected.inconsistent"_qs;
        QTest::newRow("lifetime beyond the TTL cap")
            << handMadeRecord(keyOf(u"bank.test"_qs), stored, now, 86401'000)
            << u"cache.load-rejected.inconsistent"_qs;
        QTest::newRow("stored in the future")
            << handMadeRecord(keyOf(u"bank.test"_qs), stored, now + 3600'000, 300'000)
            << u"cache.load-rejected.inconsistent"_qs;
        // fuzz/corpus/fuzz_cache_file/crash-stored-time-overflow: expiresAtMs - storedAtMs
        // overflowed, came out negative and so passed for a lifetime within the TTL cap.
        QTest::newRow("stored at the most negative time")
            << handMadeRecordAt(keyOf(u"bank.test"_qs), stored, std::numeric_limits<qint64>::min(),
                                now + 60'000, now + 3600'000)
            << u"cache.load-rejected.inconsistent"_qs;
        QTest::newRow("wire that does not parse")
            << handMadeRecord(keyOf(u"bank.test"_qs), stored.first(stored.size() - 2), now, 300'000)
            << u"cache.load-rejected.inconsistent"_qs;
        QByteArray withOpt = good;
        withOpt[11] = 1;
        withOpt += QByteArray("\x00\x00\x29\x04\xd0\x00\x00\x00\x00\x00\x00", 11);
        QTest::newRow("wire with an OPT record")
            << handMadeRecord(keyOf(u"bank.test"_qs), withOpt, now, 300'000)
            << u"cache.load-rejected.inconsistent"_qs;
    }

    void hostileRecordsAreRefused()
    {
        QFETCH(QByteArray, record);
        QFETCH(QString, counter);
        QTemporaryDir dir;
        writeAll(dir.path() + u"/cache.snapshot"_qs,
                 CacheFile::header(CacheFile::Kind::Snapshot, 1) + record);
        ManualClock clock;
        Node node(dir.path(), clock);
        const int loaded = node.store.load();
        if (counter.isEmpty()) {
            QCOMPARE(loaded, 1);
            return;
        }
        QCOMPARE(loaded, 0);
        QCOMPARE(node.counters.value(counter), 1u);
        QCOMPARE(node.counter("cache.load-rejected"), 1u);
    }

    // Saved with a 7-day stale window, loaded under the default of one day that ended a day
    // ago: the entry is over, and is not loaded only to be missing from the next snapshot
    // (fuzz/corpus/fuzz_cache_file/crash-stale-limit-lowered).
    void anEntryPastTheCurrentStaleLimitIsNotLoaded()
    {
        const qint64 now = ManualClock().nowMs();
        constexpr qint64 day = 86400'000;
        const QByteArray good = aWire(u"bank.test"_qs, 300);
        const QByteArray stored = StoredAnswer::fromReply(Dns::Message::parse(good), good, now,
                                                          CacheLimits(), AnswerSource::upstream())
                                      ->wire()
                                      .toByteArray();
        QTemporaryDir dir;
        writeAll(dir.path() + u"/cache.snapshot"_qs,
                 CacheFile::header(CacheFile::Kind::Snapshot, 1) +
                     handMadeRecordAt(keyOf(u"bank.test"_qs), stored, now - 2 * day - 300'000,
                                      now - 2 * day, now + 5 * day));
        ManualClock clock;
        Node node(dir.path(), clock);
        QCOMPARE(node.store.load(), 0);
        QCOMPARE(node.counter("cache.load-expired"), 1u);
        QCOMPARE(node.cache.entryCount(), std::size_t(0));
    }

    void unwritableStateDirectoryKeepsTheCacheInMemory()
    {
        QTemporaryDir dir;
        const QString file = dir.path() + u"/not-a-directory"_qs;
        writeAll(file, "x");
        ManualClock clock;
        Node node(file + u"/state"_qs, clock);
        QCOMPARE(node.store.load(), 0);
        QVERIFY(node.counter("cache.store-errors") >= 1);
        node.put(u"a.test"_qs, 300);
        QVERIFY(!node.store.flush());
        QVERIFY(!node.store.compact());
        node.store.shutdown();
        QCOMPARE(node.freshness(u"a.test"_qs), Cache::Freshness::Fresh);
        QVERIFY(node.counter("cache.store-errors") >= 3);
    }

    void entriesExpiredWhileDownComeBackStale()
    {
        QTemporaryDir dir;
        ManualClock clock;
        {
            Node node(dir.path(), clock);
            node.put(u"short.test"_qs, 300);
            node.put(u"long.test"_qs, 86400);
            node.store.shutdown();
        }
        clock.advanceMs(3600'000);
        {
            Node restarted(dir.path(), clock);
            QCOMPARE(restarted.store.load(), 2);
            QCOMPARE(restarted.freshness(u"short.test"_qs), Cache::Freshness::Stale);
            QCOMPARE(restarted.freshness(u"long.test"_qs), Cache::Freshness::Fresh);
            restarted.store.shutdown();
        }
        clock.advanceMs(CacheLimits().staleLimitMs);
        Node later(dir.path(), clock);
        QCOMPARE(later.store.load(), 1);
        QCOMPARE(later.counter("cache.load-expired"), 1u);
        QCOMPARE(later.freshness(u"long.test"_qs), Cache::Freshness::Stale);
    }

    void largeJournalIsCompacted()
    {
        QTemporaryDir dir;
        ManualClock clock;
        Node node(dir.path(), clock);
        node.store.load();
        const QString journal = dir.path() + u"/cache.journal"_qs;
        for (int i = 0; i < 20000; ++i)
            node.put(u"host%1.lab.test"_qs.arg(i), 600);
        QVERIFY(node.store.flush());
        QCOMPARE(readAll(journal).size(), 16); // over 1 MiB: folded into the snapshot
        QVERIFY(readAll(dir.path() + u"/cache.snapshot"_qs).size() > 1024 * 1024);
        node.put(u"one-more.test"_qs, 600);
        QVERIFY(node.store.flush());
        QVERIFY(readAll(journal).size() > 16);
    }

    void removalsReachTheDiskAtTheNextFlush()
    {
        QTemporaryDir dir;
        ManualClock clock;
        {
            Node node(dir.path(), clock);
            node.store.load();
            node.put(u"a.test"_qs, 300);
            node.put(u"b.test"_qs, 300);
            QVERIFY(node.store.flush());
            QVERIFY(node.cache.remove(keyOf(u"a.test"_qs)));
            node.store.recordRemoval();
            QVERIFY(node.store.flush());
        }
        Node restarted(dir.path(), clock);
        QCOMPARE(restarted.store.load(), 1);
        QVERIFY(!restarted.cache.find(keyOf(u"a.test"_qs)));
    }

    void journalOfAnOlderSnapshotIsIgnored()
    {
        QTemporaryDir dir;
        ManualClock clock;
        const QString journal = dir.path() + u"/cache.journal"_qs;
        QByteArray oldJournal;
        {
            Node node(dir.path(), clock);
            node.store.load();
            node.put(u"gone.test"_qs, 300);
            QVERIFY(node.store.flush());
            oldJournal = readAll(journal);
            QVERIFY(node.cache.remove(keyOf(u"gone.test"_qs)));
            QVERIFY(node.store.compact());
        }
        // As if the daemon died between writing the snapshot and emptying the journal.
        writeAll(journal, oldJournal);
        Node restarted(dir.path(), clock);
        QCOMPARE(restarted.store.load(), 0);
    }

    void flushTimerRunsOnTheEventLoop()
    {
        QTemporaryDir dir;
        ManualClock clock;
        Node node(dir.path(), clock);
        node.store.load();
        node.put(u"a.test"_qs, 300);
        node.store.start(10);
        QTRY_VERIFY(readAll(dir.path() + u"/cache.journal"_qs).size() > 16);
    }
};

QTEST_GUILESS_MAIN(TestCacheStore)
#include "TestCacheStore.moc"
