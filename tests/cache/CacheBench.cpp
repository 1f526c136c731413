// Measures what the cache costs: resident memory per cached A answer, and the time to write
// and read a snapshot of 100,000 entries. Not a test (it asserts nothing about timings); run
// it by hand from a Release build:  cache_bench [entries]
#include "ReplyWriter.h"
#include "service/cache/Cache.h"
#include "service/cache/CacheStore.h"
#include "service/cache/StoredAnswer.h"
#include "service/common/Clock.h"
#include "service/common/Counters.h"
#include "service/dns/Message.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTextStream>
#include <ctime>
#include <malloc.h>

using namespace Shoal;

namespace {

qint64 residentKiB()
{
    QFile status(u"/proc/self/status"_qs);
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').front().toLongLong();
    }
    return -1;
}

// The machine is shared, so wall time says more about the neighbours than about this code.
long cpuMs(std::clock_t since)
{
    return long((std::clock() - since) * 1000 / CLOCKS_PER_SEC);
}

StoredAnswer makeAnswer(int i, qint64 nowMs)
{
    const QString name = u"host%1.example.test"_qs.arg(i, 6, 10, QLatin1Char('0'));
    const QByteArray wire =
        ReplyWriter(name, 1).answer(name, 1, 3600, ReplyWriter::a("192.0.2.1")).wire();
    return *StoredAnswer::fromReply(Dns::Message::parse(wire), wire, nowMs, CacheLimits(),
                                    AnswerSource::upstream());
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int count = argc > 1 ? QByteArray(argv[1]).toInt() : 100'000;
    QTextStream out(stdout);
    SystemClock clock;
    Counters counters;
    CacheLimits limits;
    limits.maxBytes = std::size_t(1) << 30;

    malloc_trim(0);
    const qint64 before = residentKiB();
    {
        Cache cache(limits, counters, clock);
        std::size_t wireBytes = 0;
        for (int i = 0; i < count; ++i) {
            StoredAnswer answer = makeAnswer(i, clock.nowMs());
            wireBytes += std::size_t(answer.wire().size());
            const QByteArray key = answer.key().toByteArray();
            cache.insert(key, std::move(answer));
        }
        malloc_trim(0);
        const qint64 after = residentKiB();
        out << "entries: " << cache.entryCount()
            << ", stored message: " << wireBytes / cache.entryCount() << " bytes on average\n";
        out << "RSS growth: " << (after - before)
            << " KiB = " << double(after - before) * 1024 / double(count) << " bytes per entry\n";
        out << "accounted (byteSize): " << cache.byteSize() / cache.entryCount()
            << " bytes per entry\n";

        QTemporaryDir dir;
        CacheStore store(dir.path(), cache, counters, clock);
        QElapsedTimer timer;
        timer.start();
        std::clock_t cpu = std::clock();
        store.compact();
        out << "snapshot write (fsync included): " << timer.elapsed() << " ms wall, " << cpuMs(cpu)
            << " ms CPU, " << QFile(store.snapshotPath()).size() << " bytes\n";

        Cache loadedCache(limits, counters, clock);
        CacheStore loader(dir.path(), loadedCache, counters, clock);
        timer.restart();
        cpu = std::clock();
        const int loaded = loader.load();
        out << "load (validate every entry, then write a fresh snapshot): " << timer.elapsed()
            << " ms wall, " << cpuMs(cpu) << " ms CPU for " << loaded << " entries\n";
    }
    return 0;
}
