#pragma once

#include "service/dns/Message.h"

#include <QtGlobal>
#include <cstddef>
#include <cstdint>

namespace Shoal {

struct StoredAnswer;

enum class RenderMode : std::uint8_t
{
    Fresh, // TTLs count down from when the answer was stored
    Stale, // expired answer served because nothing better is available (RFC 8767)
};

// Turns a stored answer into the reply to one client query, straight into the caller's buffer.
// This is the cache-hit path: it copies the stored message once and patches the ID, the flags,
// the question name (keeping the client's letter case, RFC 4343) and the TTLs in place, then
// appends an OPT record if the query had one. It never allocates.
class AnswerRenderer
{
public:
    static constexpr std::uint16_t udpPayloadSize = 1232;
    static constexpr std::uint32_t staleTtl = 30; // RFC 8767 section 4

    // Writes the reply to `query` into `out` and returns its size; 0 if `capacity` is too small
    // (callers use buffers of 65535 bytes and more) or the entry is invalid. Over UDP, a reply
    // larger than the client accepts becomes header and question with TC set.
    static std::size_t render(const StoredAnswer &entry, const Dns::QueryView &query, qint64 nowMs,
                              RenderMode mode, std::uint8_t *out, std::size_t capacity, bool udp);

private:
    static std::size_t optSize(const Dns::QueryView &query, RenderMode mode);
    static std::size_t writeOpt(const StoredAnswer &entry, const Dns::QueryView &query,
                                RenderMode mode, std::uint8_t *message, std::size_t at);
    static void writeHeader(const StoredAnswer &entry, const Dns::QueryView &query,
                            std::uint8_t *out);
    static void patchTtls(const StoredAnswer &entry, qint64 nowMs, RenderMode mode,
                          std::uint8_t *out);
    static std::size_t renderTruncated(const StoredAnswer &entry, const Dns::QueryView &query,
                                       RenderMode mode, std::uint8_t *out, std::size_t capacity);
};

} // namespace Shoal
