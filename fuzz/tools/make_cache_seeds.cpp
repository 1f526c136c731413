// Writes seed inputs for fuzz_cache_file with the real CacheStore: replies given as files are
// stored in a Cache, which is then saved as a snapshot (half the replies) and a journal (the
// other half). Each output file is one fuzz input: a flag byte (see fuzz_cache_file.cpp), then
// the file's bytes.
//   make_cache_seeds OUTPUT_DIR REPLY_FILE...
#include "service/cache/Cache.h"
#include "service/cache/CacheStore.h"
#include "service/cache/StoredAnswer.h"
#include "service/common/Clock.h"
#include "service/common/Counters.h"
#include "service/dns/Message.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <cstdio>

using namespace Shoal;

namespace {

constexpr qint64 storedAtMs = 1'700'000'000'000;

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void writeSeed(const QString &path, char flags, const QByteArray &contents)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(QByteArray(1, flags) + contents) < 0)
        std::fprintf(stderr, "cannot write %s\n", qPrintable(path));
}

// Stores the reply in `path`; the key it went under, or nothing if it is not cacheable.
QByteArray store(Cache &cache, const QString &path, int index)
{
    const QByteArray wire = readFile(path);
    const Dns::Message parsed = Dns::Message::parse(wire);
    if (!parsed.ok() || parsed.questions.size() != 1)
        return {};
    const AnswerSource source =
        index % 3 == 0 ? AnswerSource::peer(QStringLiteral("seed-peer")) : AnswerSource::upstream();
    auto answer = StoredAnswer::fromReply(parsed, wire, storedAtMs, cache.limits(), source);
    if (!answer)
        return {};
    const QByteArray key = answer->key().toByteArray();
    return cache.insert(key, std::move(*answer)) ? key : QByteArray();
}

} // namespace

int main(int argc, char **argv)
{
    if (argc < 3) {
        std::fprintf(stderr, "usage: %s OUTPUT_DIR REPLY_FILE...\n", argv[0]);
        return 2;
    }
    const QString output = QString::fromLocal8Bit(argv[1]);
    QTemporaryDir state;
    Counters counters;
    const ManualClock clock(storedAtMs);
    Cache cache(CacheLimits{}, counters, clock);
    CacheStore cacheStore(state.path(), cache, counters, clock);

    const int half = (argc - 2) / 2;
    for (int i = 0; i < half; ++i)
        store(cache, QString::fromLocal8Bit(argv[2 + i]), i);
    cacheStore.compact();
    for (int i = half; i < argc - 2; ++i) {
        const QByteArray key = store(cache, QString::fromLocal8Bit(argv[2 + i]), i);
        if (!key.isEmpty())
            cacheStore.recordInsert(key);
    }
    cacheStore.flush();

    const QByteArray snapshot = readFile(cacheStore.snapshotPath());
    const QByteArray journal = readFile(cacheStore.journalPath());
    writeSeed(output + u"/snapshot"_qs, 0x00, snapshot);
    writeSeed(output + u"/snapshot-fix-crc"_qs, 0x01, snapshot);
    writeSeed(output + u"/journal"_qs, 0x02, journal);
    writeSeed(output + u"/journal-fix-crc"_qs, 0x03, journal);
    std::printf("%lld entries; snapshot %lld bytes, journal %lld bytes\n",
                qlonglong(cache.entryCount()), qlonglong(snapshot.size()),
                qlonglong(journal.size()));
    return 0;
}
