#include "service/cache/CacheStore.h"

#include "service/cache/Cache.h"
#include "service/common/Clock.h"
#include "service/common/Counters.h"
#include "shared/LogCategories.h"

#include <QDir>
#include <QSaveFile>
#include <cerrno>

#ifdef Q_OS_UNIX
#include <fcntl.h>
#include <unistd.h>
#endif

namespace Shoal {

namespace {

constexpr qint64 minCompactJournalBytes = 1024 * 1024;
constexpr qint64 maxFileBytes = qint64(1) << 30; // larger is not a file this daemon wrote
constexpr qsizetype writeChunkBytes = 1024 * 1024;
constexpr qint64 retryDelayMs = 60'000;

// Writes `data` and syncs it to the disk. Returns why it failed, empty on success. QFile
// reports no error for a write cut short (a disk that fills up in the middle of it) nor for a
// failed fsync, so errno is read right after the failing call, before anything can reset it.
QString writeAndSync(QFile &file, const QByteArray &data)
{
    errno = 0;
    const bool written = file.write(data) == data.size() && file.flush();
    const int writeError = errno;
    if (!written) {
        // When the disk fills part-way through a write, QFile counts the short write as its
        // error but has no text for it ("Unknown error"); errno, from the write that failed,
        // says "No space left on device". Which of the two happens depends on where the disk
        // fills, so errno comes first.
        if (writeError != 0)
            return qt_error_string(writeError);
        if (file.error() != QFileDevice::NoError)
            return file.errorString();
        return qt_error_string(EIO);
    }
#ifdef Q_OS_UNIX
    if (::fsync(file.handle()) != 0)
        return qt_error_string(errno);
#endif
    return {};
}

// A rename is durable only once the directory holding it is synced.
void syncDirectory(const QString &directory)
{
#ifdef Q_OS_UNIX
    const int fd = ::open(QFile::encodeName(directory).constData(), O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
#else
    Q_UNUSED(directory);
#endif
}

} // namespace

CacheStore::CacheStore(QString directory, Cache &cache, Counters &counters, const Clock &clock,
                       QObject *parent)
    : QObject(parent)
    , m_directory(std::move(directory))
    , m_cache(cache)
    , m_counters(counters)
    , m_clock(clock)
    , m_storeErrors(counters.counter(u"cache.store-errors"_qs,
                                     u"cache files that could not be read or written"_qs))
    , m_loadRejected(counters.counter(u"cache.load-rejected"_qs,
                                      u"saved entries or files refused when loading"_qs))
    , m_loadTorn(counters.counter(u"cache.load-torn"_qs,
                                  u"cache files that ended inside a record (interrupted write)"_qs))
    , m_loadExpired(counters.counter(u"cache.load-expired"_qs,
                                     u"saved entries past their stale limit, skipped"_qs))
    , m_loaded(counters.counter(u"cache.loaded"_qs, u"entries loaded from the state directory"_qs))
{
    connect(&m_timer, &QTimer::timeout, this, &CacheStore::flush);
}

CacheStore::~CacheStore() = default;

QString CacheStore::snapshotPath() const
{
    return m_directory + u"/cache.snapshot"_qs;
}

QString CacheStore::journalPath() const
{
    return m_directory + u"/cache.journal"_qs;
}

void CacheStore::start(int flushIntervalMs)
{
    m_timer.start(flushIntervalMs);
}

void CacheStore::shutdown()
{
    m_timer.stop();
    compact();
}

int CacheStore::load()
{
    bool damaged = false;
    m_readFailed = false;
    int loaded = loadFile(snapshotPath(), CacheFile::Kind::Snapshot, damaged);
    loaded += loadFile(journalPath(), CacheFile::Kind::Journal, damaged);
    m_loaded += quint64(loaded);
    qCInfo(lcCache) << "cache loaded, entries:" << loaded << "damaged files:" << damaged;
    // A file that exists but could not be read may still be good: leave it for the next start.
    if (!m_readFailed)
        compact();
    return loaded;
}

std::optional<QByteArray> CacheStore::readFile(const QString &path)
{
    QFile file(path);
    if (!file.exists())
        return std::nullopt;
    if (!file.open(QIODevice::ReadOnly)) {
        m_readFailed = true;
        storeError(u"cannot open"_qs, path + u": "_qs + file.errorString());
        return std::nullopt;
    }
    if (file.size() > maxFileBytes) {
        reject("file-too-large");
        return std::nullopt;
    }
    return file.readAll();
}

int CacheStore::loadFile(const QString &path, CacheFile::Kind kind, bool &damaged)
{
    const std::optional<QByteArray> contents = readFile(path);
    if (!contents)
        return 0;
    const auto header = CacheFile::readHeader(*contents);
    if (!header || header->kind != kind) {
        damaged = true;
        reject("bad-header");
        return 0;
    }
    if (kind == CacheFile::Kind::Snapshot) {
        m_generation = header->generation;
        m_snapshotBytes = contents->size();
    } else if (header->generation != m_generation) {
        // Left over from before the last snapshot, which already holds its entries.
        return 0;
    }
    return loadRecords(*contents, damaged);
}

int CacheStore::loadRecords(QByteArrayView file, bool &damaged)
{
    const qint64 now = m_clock.nowMs();
    int loaded = 0;
    std::size_t pos = CacheFile::headerSize;
    for (;;) {
        QByteArrayView payload;
        switch (CacheFile::readFrame(file, pos, payload)) {
        case CacheFile::FrameStatus::End:
            return loaded;
        case CacheFile::FrameStatus::Torn:
            damaged = true;
            ++m_loadTorn;
            return loaded;
        case CacheFile::FrameStatus::BadLength:
            damaged = true;
            reject("bad-frame");
            return loaded;
        case CacheFile::FrameStatus::BadCrc:
            damaged = true;
            reject("crc");
            continue;
        case CacheFile::FrameStatus::Ok:
            loaded += loadEntry(payload, now) ? 1 : 0;
            continue;
        }
    }
}

bool CacheStore::loadEntry(QByteArrayView payload, qint64 nowMs)
{
    const auto saved = CacheFile::decodeEntry(payload);
    if (!saved) {
        reject("bad-entry");
        return false;
    }
    // A shortcut before parsing: the deadline restore() computes is never later than this one.
    if (saved->staleUntilMs <= nowMs) {
        ++m_loadExpired;
        return false;
    }
    CacheRefusal why = CacheRefusal::None;
    std::optional<StoredAnswer> answer =
        StoredAnswer::restore(*saved, nowMs, m_cache.limits(), &why);
    if (!answer) {
        reject(cacheRefusalName(why));
        return false;
    }
    // restore() applies today's stale limit, which may end the entry's life before now even
    // though the saved deadline had not passed (fuzz_cache_file: such an entry loaded once and
    // was missing from the snapshot written right after).
    if (answer->staleUntilMs <= nowMs) {
        ++m_loadExpired;
        return false;
    }
    return m_cache.insert(saved->key, std::move(*answer));
}

void CacheStore::reject(const char *reason)
{
    ++m_loadRejected;
    ++m_counters.counter(u"cache.load-rejected."_qs + QLatin1String(reason));
}

void CacheStore::recordInsert(QByteArrayView key)
{
    if (m_compactWanted)
        return; // the coming snapshot holds everything
    if (m_pending.size() >= maxPendingKeys) {
        m_compactWanted = true;
        m_pending.clear();
        return;
    }
    m_pending.insert(key.toByteArray());
}

void CacheStore::recordRemoval()
{
    m_compactWanted = true;
}

bool CacheStore::flush()
{
    if (m_clock.nowMs() < m_retryAfterMs)
        return false; // a broken disk is not retried at every tick
    if (m_compactWanted)
        return compact();
    if (m_pending.isEmpty())
        return true;
    QByteArray records;
    for (const QByteArray &key : std::as_const(m_pending)) {
        if (const StoredAnswer *answer = m_cache.find(key))
            CacheFile::appendEntry(records, *answer);
    }
    m_pending.clear();
    if (!appendToJournal(records)) {
        m_compactWanted = true; // the journal may end in half a record now
        return false;
    }
    return journalIsLarge() ? compact() : true;
}

bool CacheStore::journalIsLarge() const
{
    return m_journalBytes > std::max(minCompactJournalBytes, m_snapshotBytes / 2);
}

bool CacheStore::appendToJournal(const QByteArray &records)
{
    if (!openJournalForAppend())
        return false;
    if (const QString why = writeAndSync(*m_journal, records); !why.isEmpty()) {
        storeError(u"cannot append"_qs, journalPath() + u": "_qs + why);
        m_journal.reset();
        return false;
    }
    m_journalBytes += records.size();
    return true;
}

bool CacheStore::openJournalForAppend()
{
    if (m_journal && m_journalGeneration == m_generation)
        return true;
    // Without a journal of this snapshot's generation, appending would write entries the next
    // load ignores; a snapshot (which resets the journal) is the way back.
    return compact();
}

bool CacheStore::compact()
{
    m_pending.clear();
    m_compactWanted = true;
    if (!ensureDirectory())
        return false;
    const std::uint32_t generation = m_generation + 1;
    if (!writeSnapshot(generation))
        return false;
    m_generation = generation;
    if (!resetJournal(generation))
        return false;
    m_compactWanted = false;
    return true;
}

bool CacheStore::ensureDirectory()
{
    if (QDir().mkpath(m_directory))
        return true;
    storeError(u"cannot create the state directory"_qs, m_directory);
    return false;
}

bool CacheStore::writeSnapshot(std::uint32_t generation)
{
    QSaveFile file(snapshotPath());
    if (!file.open(QIODevice::WriteOnly)) {
        storeError(u"cannot write"_qs, snapshotPath() + u": "_qs + file.errorString());
        return false;
    }
    const qint64 now = m_clock.nowMs();
    QByteArray chunk = CacheFile::header(CacheFile::Kind::Snapshot, generation);
    qint64 written = 0;
    bool ok = true;
    m_cache.forEach([&](const StoredAnswer &answer) {
        if (answer.staleUntilMs > now)
            CacheFile::appendEntry(chunk, answer);
        if (chunk.size() >= writeChunkBytes) {
            ok = file.write(chunk) == chunk.size();
            written += chunk.size();
            chunk.clear();
        }
        return ok;
    });
    ok = ok && file.write(chunk) == chunk.size();
    written += chunk.size();
    if (!ok || !file.commit()) {
        storeError(u"cannot write"_qs, snapshotPath() + u": "_qs + file.errorString());
        file.cancelWriting();
        return false;
    }
    syncDirectory(m_directory);
    m_snapshotBytes = written;
    return true;
}

bool CacheStore::resetJournal(std::uint32_t generation)
{
    m_journal = std::make_unique<QFile>(journalPath());
    const QByteArray header = CacheFile::header(CacheFile::Kind::Journal, generation);
    QString why;
    if (!m_journal->open(QIODevice::WriteOnly | QIODevice::Truncate))
        why = m_journal->errorString();
    else
        why = writeAndSync(*m_journal, header);
    if (!why.isEmpty()) {
        storeError(u"cannot reset"_qs, journalPath() + u": "_qs + why);
        m_journal.reset();
        return false;
    }
    m_journalGeneration = generation;
    m_journalBytes = header.size();
    return true;
}

void CacheStore::storeError(const QString &what, const QString &detail)
{
    ++m_storeErrors;
    m_retryAfterMs = m_clock.nowMs() + retryDelayMs;
    if (m_errorLog.allow(m_clock.nowMs()))
        qCWarning(lcCache) << "cache store failed, going on in memory only:" << what << detail
                           << "similar errors suppressed:" << m_errorLog.suppressed();
}

} // namespace Shoal
