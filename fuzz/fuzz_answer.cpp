// Upstream replies on their way into the cache. ReplyCheck matches the reply to the query it
// answers (here: the query for the reply's own question, in lower case, with the reply's ID, so
// that inputs get past it); an accepted reply becomes a StoredAnswer (or a transient one when it
// is not cacheable), which the cache-hit path renders for a client. Every rendered reply must
// parse, and a stored entry must survive being written to a cache file and read back
// (CacheFile, StoredAnswer::restore) unchanged.
#include "fuzz/FuzzSupport.h"
#include "fuzz/RenderCheck.h"
#include "service/cache/CacheFile.h"
#include "service/cache/CacheLimits.h"
#include "service/cache/StoredAnswer.h"
#include "service/dns/DnsName.h"
#include "service/dns/Message.h"
#include "service/upstream/ReplyCheck.h"

using namespace Shoal;
using Fuzz::require;

namespace {

constexpr qint64 storedAtMs = 1'700'000'000'000;

void requireStoredEntry(const StoredAnswer &entry, const Dns::Question &question,
                        const CacheLimits &limits)
{
    require(entry.isValid(), "fromReply made an invalid entry");
    require(entry.key() == Dns::cacheKey(question.name, question.type, question.klass),
            "stored key is not the question's cache key");
    require(entry.storedAtMs < entry.expiresAtMs && entry.expiresAtMs <= entry.staleUntilMs,
            "stored times out of order");
    require(entry.heapBytes() <= limits.maxEntryBytes, "stored entry over maxEntryBytes");
    require(Dns::Message::parse(entry.wire()).ok(), "stored wire does not parse");
}

// What the cache writes must read back as the same entry.
void requireRestores(const StoredAnswer &entry, const CacheLimits &limits)
{
    QByteArray file;
    CacheFile::appendEntry(file, entry);
    std::size_t pos = 0;
    QByteArrayView payload;
    require(CacheFile::readFrame(file, pos, payload) == CacheFile::FrameStatus::Ok &&
                pos == std::size_t(file.size()),
            "written frame does not read back");
    const auto saved = CacheFile::decodeEntry(payload);
    require(saved.has_value(), "written entry does not decode");
    CacheRefusal why = CacheRefusal::None;
    const auto restored = StoredAnswer::restore(*saved, entry.storedAtMs, limits, &why);
    if (!restored)
        std::fprintf(stderr, "restore refused: %s\n", cacheRefusalName(why));
    require(restored.has_value(), "a stored entry is refused when loaded");
    require(restored->wire() == entry.wire() && restored->key() == entry.key() &&
                restored->expiresAtMs == entry.expiresAtMs && restored->negative == entry.negative,
            "a loaded entry differs from the stored one");
}

AnswerSource sourceFor(const Dns::Message &parsed)
{
    return (parsed.header.id & 1) ? AnswerSource::peer(QStringLiteral("fuzz-peer"))
                                  : AnswerSource::upstream();
}

// The reply as the upstream code would take it: nullopt unless ReplyCheck accepts it.
std::optional<Dns::Message> acceptedReply(QByteArrayView wire)
{
    const auto header = Dns::Header::read(wire);
    const Dns::Message parsed = Dns::Message::parse(wire);
    if (!header || !parsed.ok() || parsed.questions.size() != 1)
        return std::nullopt;
    const Dns::Question &question = parsed.questions.front();
    ReplyCheck::Expected expected{header->id, Dns::lowercasedName(question.name), question.type,
                                  question.klass};
    Dns::Message checked;
    const ReplyCheck::Verdict verdict = ReplyCheck::check(wire, expected, checked);
    const bool isReply = header->isResponse() && header->opcode() == Dns::Opcode::Query;
    require((verdict == ReplyCheck::Verdict::Accept) == isReply, "ReplyCheck verdict is wrong");
    expected.id = std::uint16_t(header->id + 1);
    require(ReplyCheck::check(wire, expected, checked) == ReplyCheck::Verdict::WrongId,
            "ReplyCheck accepts another ID");
    if (!isReply)
        return std::nullopt;
    return parsed;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArrayView wire = Fuzz::bytesView(data, size);
    const std::optional<Dns::Message> reply = acceptedReply(wire);
    if (!reply)
        return 0;
    const Dns::Message &parsed = *reply;

    const CacheLimits limits;
    const auto entry = StoredAnswer::fromReply(parsed, wire, storedAtMs, limits, sourceFor(parsed));
    if (entry) {
        requireStoredEntry(*entry, parsed.questions.front(), limits);
        Fuzz::requireRendersCleanly(*entry, storedAtMs + 1'500);
        Fuzz::requireRendersCleanly(*entry, entry->expiresAtMs + 1'000);
        requireRestores(*entry, limits);
    }
    const StoredAnswer transient = StoredAnswer::transient(parsed, wire, storedAtMs);
    if (transient.isValid())
        Fuzz::requireRendersCleanly(transient, storedAtMs);
    return 0;
}
