// Cache files in the state directory: cache.snapshot and cache.journal, read at start by
// CacheStore::load() into a Cache. The first input byte chooses how the rest is used:
//   bit 0  recompute the CRC of every frame first, so inputs reach the entry decoder and
//          StoredAnswer::restore() instead of dying at the checksum;
//   bit 1  the bytes are the journal, next to an empty snapshot of the journal's generation;
//          otherwise they are the snapshot.
// Every entry loaded must render cleanly, and the snapshot load() writes must load again into
// the same number of entries.
#include "fuzz/FuzzSupport.h"
#include "fuzz/RenderCheck.h"
#include "service/cache/Cache.h"
#include "service/cache/CacheFile.h"
#include "service/cache/CacheStore.h"
#include "service/cache/Crc32.h"
#include "service/common/Clock.h"
#include "service/common/Counters.h"

#include <QFile>

using namespace Shoal;
using Fuzz::require;

namespace {

constexpr std::uint8_t fixCrcFlag = 0x01;
constexpr std::uint8_t journalFlag = 0x02;
// The seeds were written at 1'700'000'000'000; a minute later they are fresh.
constexpr qint64 nowMs = 1'700'000'060'000;

void fixCrcs(QByteArray &file)
{
    std::size_t pos = CacheFile::headerSize;
    auto *bytes = reinterpret_cast<std::uint8_t *>(file.data());
    const std::size_t size = std::size_t(file.size());
    while (size > pos && size - pos >= CacheFile::frameHeaderSize) {
        const std::size_t length = Dns::readU32(bytes + pos);
        if (length > size - pos - CacheFile::frameHeaderSize)
            return;
        const auto payload = QByteArrayView(file).sliced(
            qsizetype(pos + CacheFile::frameHeaderSize), qsizetype(length));
        Dns::writeU32(bytes + pos + 4, Crc32::of(payload));
        pos += CacheFile::frameHeaderSize + length;
    }
}

void writeFile(const QString &path, const QByteArray &contents)
{
    QFile file(path);
    require(file.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
                file.write(contents) == contents.size(),
            "cannot write the input file");
}

void writeInputFiles(std::uint8_t flags, QByteArray file, const CacheStore &store)
{
    QFile::remove(store.snapshotPath());
    QFile::remove(store.journalPath());
    if (flags & fixCrcFlag)
        fixCrcs(file);
    if (!(flags & journalFlag)) {
        writeFile(store.snapshotPath(), file);
        return;
    }
    const auto header = CacheFile::readHeader(file);
    const std::uint32_t generation = header ? header->generation : 0;
    writeFile(store.snapshotPath(), CacheFile::header(CacheFile::Kind::Snapshot, generation));
    writeFile(store.journalPath(), file);
}

// Loads the files in the state directory into a new cache; returns its entry count.
std::size_t loadAndCheck(const QByteArray *input, std::uint8_t flags)
{
    Counters counters;
    const ManualClock clock(nowMs);
    Cache cache(CacheLimits{}, counters, clock);
    static const QString directory = Fuzz::stateDir("cache_file");
    CacheStore store(directory, cache, counters, clock);
    if (input)
        writeInputFiles(flags, *input, store);
    const int loaded = store.load();
    require(loaded >= 0 && cache.entryCount() <= std::size_t(loaded), "load() miscounts");
    cache.forEach([](const StoredAnswer &entry) {
        Fuzz::requireRendersCleanly(entry, nowMs);
        return true;
    });
    return cache.entryCount();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return 0;
    const QByteArray input(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    const std::size_t entries = loadAndCheck(&input, data[0]);
    // load() has just written a fresh snapshot (and an empty journal) of what it took.
    require(loadAndCheck(nullptr, 0) == entries, "the rewritten snapshot loads differently");
    return 0;
}
