#include "service/cache/AnswerRenderer.h"

#include "service/cache/StoredAnswer.h"

#include <cstring>

namespace Shoal {

namespace {

constexpr std::size_t optFixedSize = 11; // root name, type, class, TTL, RDLENGTH
constexpr std::size_t edeOptionSize = 6; // code, length, INFO-CODE; no text
constexpr std::size_t arcountOffset = 10;

Dns::EdeCode staleCode(const StoredAnswer &entry)
{
    return entry.rcode == std::uint8_t(Dns::Rcode::NxDomain) ? Dns::EdeCode::StaleNxDomainAnswer
                                                             : Dns::EdeCode::StaleAnswer;
}

void incrementArcount(std::uint8_t *out)
{
    Dns::writeU16(out + arcountOffset, std::uint16_t(Dns::readU16(out + arcountOffset) + 1));
}

} // namespace

std::size_t AnswerRenderer::render(const StoredAnswer &entry, const Dns::QueryView &query,
                                   qint64 nowMs, RenderMode mode, std::uint8_t *out,
                                   std::size_t capacity, bool udp)
{
    // The stored question is the client's, up to letter case, so the name has the same length
    // and every offset in the stored message stays right after copying the client's spelling.
    if (!entry.isValid() || entry.questionName().size() != qsizetype(query.name.length))
        return 0;
    const QByteArrayView wire = entry.wire();
    const std::size_t size = std::size_t(wire.size()) + optSize(query, mode);
    if (udp && size > query.maxUdpAnswer())
        return renderTruncated(entry, query, mode, out, capacity);
    if (size > capacity)
        return 0;

    std::memcpy(out, wire.data(), std::size_t(wire.size()));
    writeHeader(entry, query, out);
    patchTtls(entry, nowMs, mode, out);
    writeOpt(entry, query, mode, out, std::size_t(wire.size()));
    return size;
}

std::size_t AnswerRenderer::optSize(const Dns::QueryView &query, RenderMode mode)
{
    if (!query.hasEdns)
        return 0;
    return optFixedSize + (mode == RenderMode::Stale ? edeOptionSize : 0);
}

// ID and RD/CD from the query; QR, RA and the stored RCODE (and TC of a passed-on reply) from
// the entry. AA and AD stay clear: this answer is neither authoritative nor validated here.
void AnswerRenderer::writeHeader(const StoredAnswer &entry, const Dns::QueryView &query,
                                 std::uint8_t *out)
{
    const std::uint16_t storedFlags = Dns::readU16(out + 2);
    const std::uint16_t flags =
        Dns::Flag::QR | Dns::Flag::RA | (query.header.flags & (Dns::Flag::RD | Dns::Flag::CD)) |
        (storedFlags & Dns::Flag::TC) | (entry.rcode & Dns::Flag::RcodeMask);
    Dns::writeU16(out, query.header.id);
    Dns::writeU16(out + 2, flags);
    std::memcpy(out + Dns::headerSize, query.name.bytes.data(), query.name.length);
}

void AnswerRenderer::patchTtls(const StoredAnswer &entry, qint64 nowMs, RenderMode mode,
                               std::uint8_t *out)
{
    const qint64 elapsedMs = nowMs - entry.storedAtMs;
    const std::uint32_t elapsed = elapsedMs <= 0 ? 0 : std::uint32_t(elapsedMs / 1000);
    for (std::size_t i = 0; i < entry.ttlCount(); ++i) {
        const std::uint32_t stored = entry.storedTtl(i);
        std::uint32_t ttl = stored > elapsed ? stored - elapsed : 0;
        if (mode == RenderMode::Stale)
            ttl = staleTtl;
        Dns::writeU32(out + entry.ttlOffset(i), ttl);
    }
}

// Appends the OPT record (RFC 6891) if the query had one and returns its size. DO is echoed;
// a stale answer says so with an Extended DNS Error (RFC 8914).
std::size_t AnswerRenderer::writeOpt(const StoredAnswer &entry, const Dns::QueryView &query,
                                     RenderMode mode, std::uint8_t *message, std::size_t at)
{
    const std::size_t size = optSize(query, mode);
    if (size == 0)
        return 0;
    std::uint8_t *p = message + at;
    *p++ = 0;
    Dns::writeU16(p, std::uint16_t(Dns::Type::OPT));
    Dns::writeU16(p + 2, udpPayloadSize);
    Dns::writeU32(p + 4, query.dnssecOk ? Dns::ednsDoBit : 0);
    Dns::writeU16(p + 8, std::uint16_t(size - optFixedSize));
    if (mode == RenderMode::Stale) {
        Dns::writeU16(p + 10, Dns::ednsOptionExtendedError);
        Dns::writeU16(p + 12, 2);
        Dns::writeU16(p + 14, std::uint16_t(staleCode(entry)));
    }
    incrementArcount(message);
    return size;
}

std::size_t AnswerRenderer::renderTruncated(const StoredAnswer &entry, const Dns::QueryView &query,
                                            RenderMode mode, std::uint8_t *out,
                                            std::size_t capacity)
{
    const std::size_t questionEnd = Dns::headerSize + std::size_t(entry.key().size());
    const std::size_t size = questionEnd + optSize(query, mode);
    if (size > capacity)
        return 0;
    std::memcpy(out, entry.wire().data(), questionEnd);
    writeHeader(entry, query, out);
    Dns::writeU16(out + 2, Dns::readU16(out + 2) | Dns::Flag::TC);
    Dns::writeU16(out + 6, 0);
    Dns::writeU16(out + 8, 0);
    Dns::writeU16(out + 10, 0);
    writeOpt(entry, query, mode, out, questionEnd);
    return size;
}

} // namespace Shoal
