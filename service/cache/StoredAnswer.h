#pragma once

#include "service/cache/AnswerSource.h"
#include "service/cache/CacheLimits.h"
#include "service/cache/CacheRefusal.h"
#include "service/dns/Message.h"

#include <QByteArrayView>
#include <QString>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>

namespace Shoal {

// One cached reply in wire form, ready to be sent again with only the ID, the question's letter
// case and the TTLs patched (see AnswerRenderer). The stored message holds the header (ID 0), the
// question with its name in lower case (so its bytes at offset 12 are the cache key), and the
// kept records with compressed names; no OPT and no TSIG. The TTL fields in it hold each
// record's TTL as capped when stored; `ttlOffset()` says where they are.
//
// Kept small because the cache holds many: the message, the TTL offsets and the peer id share
// one heap block, and the timestamps are plain fields.
struct StoredAnswer
{
    qint64 storedAtMs = 0;
    qint64 expiresAtMs = 0;  // served fresh before this
    qint64 staleUntilMs = 0; // served stale (RFC 8767) before this, dropped after
    qint64 lastHitMs = 0;
    std::uint32_t hitCount = 0;
    std::uint16_t scrubbedRecords = 0; // records the reply had that were left out
    std::uint8_t rcode = 0;            // NOERROR or NXDOMAIN for cached entries
    bool negative = false;             // NXDOMAIN or NODATA (RFC 2308)
    bool prefetchReported = false;     // the cache asked for a refresh once already

    // What a persisted entry consists of; see restore().
    struct Saved
    {
        QByteArrayView key;
        QByteArrayView wire;
        qint64 storedAtMs = 0;
        qint64 expiresAtMs = 0;
        qint64 staleUntilMs = 0;
        AnswerSource source;
        bool negative = false;
    };

    StoredAnswer() = default;
    StoredAnswer(StoredAnswer &&) noexcept = default;
    StoredAnswer &operator=(StoredAnswer &&) noexcept = default;

    // The entry for a reply the caller has matched to its question (ID, source and question
    // checks are the caller's), or nullopt with the reason in `why` if it is not cacheable.
    static std::optional<StoredAnswer> fromReply(const Dns::Message &parsed, QByteArrayView wire,
                                                 qint64 nowMs, const CacheLimits &limits,
                                                 const AnswerSource &source,
                                                 CacheRefusal *why = nullptr);

    // A reply that is not cacheable (SERVFAIL, REFUSED, TC, ...) in the same form, so the same
    // renderer can pass it on: every record but OPT and TSIG, TTLs as received (except that a
    // TTL with the top bit set reads 0). Invalid (renders nothing) when the reply does not
    // have exactly one question or has malformed RDATA.
    static StoredAnswer transient(const Dns::Message &parsed, QByteArrayView wire, qint64 nowMs);

    // An entry read back from disk. Everything is checked again as if it came from the
    // network: the wire must parse, hold nothing the selector would scrub, match `key`, and
    // its TTLs and times must be within `limits`. An expired entry still within its stale
    // period comes back stale.
    static std::optional<StoredAnswer> restore(const Saved &saved, qint64 nowMs,
                                               const CacheLimits &limits,
                                               CacheRefusal *why = nullptr);

    bool isValid() const { return bool(m_data); }
    QByteArrayView wire() const;
    // Lower-cased question name, type and class: the same bytes as Dns::cacheKey().
    QByteArrayView key() const;
    QByteArrayView questionName() const;
    std::uint16_t questionType() const;
    std::size_t ttlCount() const { return m_ttlCount; }
    std::uint16_t ttlOffset(std::size_t index) const;
    std::uint32_t storedTtl(std::size_t index) const;
    bool isFromPeer() const { return m_sourceKind == AnswerSource::Kind::Peer; }
    AnswerSource source() const;
    // Heap bytes this entry owns.
    std::size_t heapBytes() const;

private:
    void adopt(QByteArrayView wire, const std::vector<std::uint16_t> &ttlOffsets,
               const AnswerSource &source);
    std::size_t peerIdOffset() const { return m_wireSize + 2 * std::size_t(m_ttlCount); }

    std::unique_ptr<std::uint8_t[]> m_data; // wire, TTL offsets (u16), peer id (UTF-8)
    std::uint16_t m_wireSize = 0;
    std::uint16_t m_ttlCount = 0;
    std::uint8_t m_questionNameSize = 0;
    std::uint8_t m_peerIdSize = 0;
    AnswerSource::Kind m_sourceKind = AnswerSource::Kind::Upstream;
};

} // namespace Shoal
