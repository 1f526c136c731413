#include "service/cache/StoredAnswer.h"

#include "service/cache/RecordSelector.h"
#include "service/cache/WireEncoder.h"
#include "service/dns/DnsName.h"

#include <algorithm>
#include <cstring>

namespace Shoal {

namespace {

using Selection = RecordSelector::Selection;

constexpr std::uint32_t ttlTopBit = 0x80000000u;
constexpr std::size_t maxPeerIdBytes = 255;
// A saved entry stored more than this far in the future means the file, not the clock, is off.
constexpr qint64 maxClockSkewMs = 60'000;

// RFC 2181 section 8: a TTL with the most significant bit set counts as zero.
std::uint32_t effectiveTtl(std::uint32_t ttl)
{
    return (ttl & ttlTopBit) ? 0 : ttl;
}

std::uint32_t clampTtl(std::uint32_t ttl, std::uint32_t floor, std::uint32_t cap)
{
    return std::min(std::max(effectiveTtl(ttl), floor), cap);
}

// RFC 2308 section 5: a negative answer lives min(SOA TTL, SOA MINIMUM).
std::uint32_t negativeTtl(const Selection &selection, const CacheLimits &limits)
{
    const std::uint32_t ttl =
        std::min(effectiveTtl(selection.soa->ttl), effectiveTtl(selection.soaMinimum));
    return clampTtl(ttl, limits.minTtl, limits.maxNegativeTtl);
}

std::vector<std::uint32_t> cappedTtls(const Selection &selection, const CacheLimits &limits)
{
    std::vector<std::uint32_t> ttls;
    ttls.reserve(selection.records.size());
    for (const Dns::Record *record : selection.records) {
        if (selection.negative && record == selection.soa)
            ttls.push_back(negativeTtl(selection, limits));
        else
            ttls.push_back(clampTtl(record->ttl, limits.minTtl, limits.maxTtl));
    }
    return ttls;
}

std::uint16_t sectionCount(const Selection &selection, Dns::Section section)
{
    return std::uint16_t(
        std::count_if(selection.records.begin(), selection.records.end(),
                      [section](const Dns::Record *record) { return record->section == section; }));
}

// The stored message: header with ID 0, the question (name lower-cased), the selected records.
std::optional<WireEncoder> encode(const Dns::Message &parsed, QByteArrayView wire,
                                  const Selection &selection,
                                  const std::vector<std::uint32_t> &ttls, std::size_t limit,
                                  CacheRefusal &why)
{
    WireEncoder encoder(std::min<std::size_t>(limit, Dns::maxMessageSize));
    const std::uint16_t flags =
        Dns::Flag::QR | (parsed.header.flags & (Dns::Flag::TC | Dns::Flag::RcodeMask));
    encoder.writeU16(0);
    encoder.writeU16(flags);
    encoder.writeU16(1);
    encoder.writeU16(sectionCount(selection, Dns::Section::Answer));
    encoder.writeU16(sectionCount(selection, Dns::Section::Authority));
    encoder.writeU16(sectionCount(selection, Dns::Section::Additional));
    const Dns::Question &question = parsed.questions.front();
    encoder.writeName(Dns::lowercasedName(question.name), true);
    encoder.writeU16(question.type);
    encoder.writeU16(question.klass);
    for (std::size_t i = 0; i < selection.records.size(); ++i) {
        if (!encoder.writeRecord(*selection.records[i], wire, ttls[i])) {
            why = CacheRefusal::BadRecord;
            return std::nullopt;
        }
    }
    if (encoder.overflowed()) {
        why = CacheRefusal::Oversize;
        return std::nullopt;
    }
    return encoder;
}

std::size_t storedSize(const WireEncoder &encoder, const AnswerSource &source)
{
    return encoder.size() + 2 * encoder.ttlOffsets().size() +
           std::min<std::size_t>(std::size_t(source.peerId.toUtf8().size()), maxPeerIdBytes);
}

std::optional<StoredAnswer> refuse(CacheRefusal refusal, CacheRefusal *why)
{
    if (why)
        *why = refusal;
    return std::nullopt;
}

// The times come from a file and may be any 64-bit values: a stored time near the most
// negative one made `expiresAtMs - storedAtMs` overflow (found by fuzz_cache_file). Once
// storedAtMs <= expiresAtMs holds, their difference taken in unsigned arithmetic is exact.
bool timesAreConsistent(const StoredAnswer::Saved &saved, qint64 nowMs, std::uint32_t maxTtl)
{
    if (saved.storedAtMs > saved.expiresAtMs || saved.expiresAtMs > saved.staleUntilMs ||
        saved.storedAtMs > nowMs + maxClockSkewMs)
        return false;
    const quint64 lifetimeMs = quint64(saved.expiresAtMs) - quint64(saved.storedAtMs);
    return lifetimeMs <= quint64(maxTtl) * 1000;
}

// The stored TTLs of a saved entry must be ones fromReply() could have written.
bool ttlsAreWithinLimits(const Selection &selection, const CacheLimits &limits)
{
    return std::all_of(selection.records.begin(), selection.records.end(), [&](const auto *r) {
        const bool negativeSoa = selection.negative && r == selection.soa;
        return r->ttl <= (negativeSoa ? limits.maxNegativeTtl : limits.maxTtl);
    });
}

CacheRefusal checkSaved(const StoredAnswer::Saved &saved, const Dns::Message &parsed,
                        const Selection &selection, qint64 nowMs, const CacheLimits &limits)
{
    if (!parsed.ok() || parsed.edns || parsed.tsigOffset || !parsed.additionals.empty())
        return CacheRefusal::Inconsistent;
    if (selection.refusal != CacheRefusal::None)
        return selection.refusal;
    const Dns::Question &question = parsed.questions.front();
    const bool keyMatches =
        Dns::cacheKey(question.name, question.type, question.klass) == saved.key &&
        Dns::lowercasedName(question.name) == question.name;
    if (!keyMatches || selection.scrubbed != 0 || selection.negative != saved.negative ||
        !ttlsAreWithinLimits(selection, limits) || !timesAreConsistent(saved, nowMs, limits.maxTtl))
        return CacheRefusal::Inconsistent;
    return CacheRefusal::None;
}

} // namespace

std::optional<StoredAnswer> StoredAnswer::fromReply(const Dns::Message &parsed, QByteArrayView wire,
                                                    qint64 nowMs, const CacheLimits &limits,
                                                    const AnswerSource &source, CacheRefusal *why)
{
    const Selection selection = RecordSelector::select(parsed, wire);
    if (selection.refusal != CacheRefusal::None)
        return refuse(selection.refusal, why);
    const std::vector<std::uint32_t> ttls = cappedTtls(selection, limits);
    const std::uint32_t lifetime = *std::min_element(ttls.begin(), ttls.end());
    if (lifetime == 0)
        return refuse(CacheRefusal::ZeroTtl, why);

    CacheRefusal refusal = CacheRefusal::None;
    const auto encoder = encode(parsed, wire, selection, ttls, limits.maxEntryBytes, refusal);
    if (!encoder)
        return refuse(refusal, why);
    if (storedSize(*encoder, source) > limits.maxEntryBytes)
        return refuse(CacheRefusal::Oversize, why);

    StoredAnswer answer;
    answer.adopt(encoder->bytes(), encoder->ttlOffsets(), source);
    answer.storedAtMs = nowMs;
    answer.expiresAtMs = nowMs + qint64(lifetime) * 1000;
    answer.staleUntilMs = answer.expiresAtMs + limits.staleLimitMs;
    answer.scrubbedRecords = std::uint16_t(std::min(selection.scrubbed, 0xffff));
    answer.rcode = parsed.header.rcode();
    answer.negative = selection.negative;
    return answer;
}

StoredAnswer StoredAnswer::transient(const Dns::Message &parsed, QByteArrayView wire, qint64 nowMs)
{
    const Selection selection = RecordSelector::selectAll(parsed);
    if (selection.refusal != CacheRefusal::None)
        return {};
    std::vector<std::uint32_t> ttls;
    for (const Dns::Record *record : selection.records)
        ttls.push_back(effectiveTtl(record->ttl));
    CacheRefusal refusal = CacheRefusal::None;
    const auto encoder = encode(parsed, wire, selection, ttls, Dns::maxMessageSize, refusal);
    if (!encoder)
        return {};

    StoredAnswer answer;
    answer.adopt(encoder->bytes(), encoder->ttlOffsets(), AnswerSource::upstream());
    answer.storedAtMs = nowMs;
    answer.expiresAtMs = nowMs;
    answer.staleUntilMs = nowMs;
    answer.rcode = parsed.header.rcode();
    return answer;
}

std::optional<StoredAnswer> StoredAnswer::restore(const Saved &saved, qint64 nowMs,
                                                  const CacheLimits &limits, CacheRefusal *why)
{
    const Dns::Message parsed = Dns::Message::parse(saved.wire);
    const Selection selection = RecordSelector::select(parsed, saved.wire);
    const CacheRefusal refusal = checkSaved(saved, parsed, selection, nowMs, limits);
    if (refusal != CacheRefusal::None)
        return refuse(refusal, why);

    std::vector<std::uint32_t> ttls;
    for (const Dns::Record *record : selection.records)
        ttls.push_back(record->ttl);
    CacheRefusal encodeRefusal = CacheRefusal::None;
    const auto encoder =
        encode(parsed, saved.wire, selection, ttls, limits.maxEntryBytes, encodeRefusal);
    if (!encoder)
        return refuse(encodeRefusal, why);
    if (storedSize(*encoder, saved.source) > limits.maxEntryBytes)
        return refuse(CacheRefusal::Oversize, why);

    StoredAnswer answer;
    answer.adopt(encoder->bytes(), encoder->ttlOffsets(), saved.source);
    answer.storedAtMs = saved.storedAtMs;
    answer.expiresAtMs = saved.expiresAtMs;
    // A stale limit lowered since the entry was saved applies to it too.
    answer.staleUntilMs = std::min(saved.staleUntilMs, saved.expiresAtMs + limits.staleLimitMs);
    answer.rcode = parsed.header.rcode();
    answer.negative = selection.negative;
    return answer;
}

void StoredAnswer::adopt(QByteArrayView wire, const std::vector<std::uint16_t> &ttlOffsets,
                         const AnswerSource &source)
{
    const QByteArray peerId =
        source.isPeer() ? source.peerId.toUtf8().left(maxPeerIdBytes) : QByteArray();
    m_wireSize = std::uint16_t(wire.size());
    m_ttlCount = std::uint16_t(ttlOffsets.size());
    m_peerIdSize = std::uint8_t(peerId.size());
    m_sourceKind = source.kind;
    m_data = std::make_unique_for_overwrite<std::uint8_t[]>(peerIdOffset() + m_peerIdSize);
    std::memcpy(m_data.get(), wire.data(), m_wireSize);
    for (std::size_t i = 0; i < ttlOffsets.size(); ++i)
        Dns::writeU16(m_data.get() + m_wireSize + 2 * i, ttlOffsets[i]);
    std::memcpy(m_data.get() + peerIdOffset(), peerId.constData(), m_peerIdSize);

    std::size_t pos = Dns::headerSize;
    Dns::NameBuffer name;
    Dns::readName(m_data.get(), m_wireSize, pos, name);
    m_questionNameSize = std::uint8_t(name.length);
}

QByteArrayView StoredAnswer::wire() const
{
    return {reinterpret_cast<const char *>(m_data.get()), qsizetype(m_wireSize)};
}

QByteArrayView StoredAnswer::key() const
{
    if (!m_data)
        return {};
    return wire().sliced(Dns::headerSize, m_questionNameSize + 4);
}

QByteArrayView StoredAnswer::questionName() const
{
    if (!m_data)
        return {};
    return wire().sliced(Dns::headerSize, m_questionNameSize);
}

std::uint16_t StoredAnswer::questionType() const
{
    return m_data ? Dns::readU16(m_data.get() + Dns::headerSize + m_questionNameSize) : 0;
}

std::uint16_t StoredAnswer::ttlOffset(std::size_t index) const
{
    return Dns::readU16(m_data.get() + m_wireSize + 2 * index);
}

std::uint32_t StoredAnswer::storedTtl(std::size_t index) const
{
    return Dns::readU32(m_data.get() + ttlOffset(index));
}

AnswerSource StoredAnswer::source() const
{
    if (!isFromPeer())
        return AnswerSource::upstream();
    return AnswerSource::peer(QString::fromUtf8(
        reinterpret_cast<const char *>(m_data.get() + peerIdOffset()), m_peerIdSize));
}

std::size_t StoredAnswer::heapBytes() const
{
    return m_data ? peerIdOffset() + m_peerIdSize : 0;
}

} // namespace Shoal
