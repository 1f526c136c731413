#pragma once

#include "service/dns/DnsTypes.h"
#include "service/peer/PeerMessage.h"
#include "service/peer/PeerRecord.h"

#include <QByteArray>
#include <optional>
#include <vector>

namespace Shoal {

struct StoredAnswer;

// Moves answers between the cache's form and the peer protocol's. A cached entry becomes the
// records of an Answer or Share, with the TTLs it has left (or a short fixed TTL when it is
// stale, as RFC 8767 serves stale answers); an accepted Answer or Share becomes a complete DNS
// response to its question, the form the resolver and the cache take.
class PeerAnswerCodec
{
public:
    // What an Answer or Share carries.
    struct Records
    {
        Dns::Rcode rcode = Dns::Rcode::NoError;
        std::vector<PeerRecord> answers;
        std::vector<PeerRecord> authorities;
    };

    // The records of `entry` as of `nowMs`; every TTL is `staleTtl` when `stale`. nullopt if
    // the stored message does not parse (it always should).
    static std::optional<Records> fromStored(const StoredAnswer &entry, qint64 nowMs, bool stale,
                                             std::uint32_t staleTtl);

    // A response (ID 0, QR RD RA, the message's RCODE) to the message's question holding its
    // records, with every TTL lowered to at most `maxTtl`.
    static QByteArray toResponse(const PeerMessage &message, std::uint32_t maxTtl);

private:
    static bool appendRecords(QByteArrayView wire, const std::vector<Dns::Record> &records,
                              std::uint32_t elapsedSeconds, bool stale, std::uint32_t staleTtl,
                              std::vector<PeerRecord> &out);
};

} // namespace Shoal
