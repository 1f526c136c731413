#pragma once

#include "service/cache/CacheRefusal.h"
#include "service/dns/Message.h"

#include <QByteArray>
#include <QByteArrayView>
#include <cstdint>
#include <optional>
#include <vector>

namespace Shoal {

// Decides which records of a reply belong in the cache, and whether the reply is a positive or
// a negative answer (RFC 2308). The answer section keeps only the CNAME chain that starts at
// the question name; the authority section only SOA and NS records at or above a name of that
// chain; the additional section is dropped entirely, because the stub clients of a local cache
// never use glue. Everything the reply's server could have slipped in besides is "scrubbed".
class RecordSelector
{
public:
    struct Selection
    {
        CacheRefusal refusal = CacheRefusal::None;
        std::vector<const Dns::Record *> records; // answer records first, in wire order
        int answerCount = 0;                      // how many of `records` are answers
        int scrubbed = 0;                         // answer and authority records left out
        bool negative = false;
        const Dns::Record *soa = nullptr; // the SOA that sets a negative answer's lifetime
        std::uint32_t soaMinimum = 0;
    };

    // The records a cacheable reply keeps; `refusal` tells why a reply is not cacheable.
    static Selection select(const Dns::Message &reply, QByteArrayView wire);

    // Every record of a reply with exactly one question, for passing it on uncached.
    static Selection selectAll(const Dns::Message &reply);

private:
    static CacheRefusal checkReply(const Dns::Message &reply);
    static CacheRefusal selectChain(const Dns::Message &reply, QByteArrayView wire,
                                    std::vector<QByteArray> &chain, Selection &selection);
    static void selectAuthority(const Dns::Message &reply, const std::vector<QByteArray> &chain,
                                Selection &selection);
    static CacheRefusal classify(const Dns::Message &reply, QByteArrayView wire,
                                 Selection &selection);
};

// The name in RDATA starting at `pos`, expanded, provided it ends within `rdataEnd`; advances
// `pos` past it. Shared by the selector and the encoder so both read RDATA the same way.
std::optional<Dns::NameBuffer> readRdataName(QByteArrayView wire, std::size_t &pos,
                                             std::size_t rdataEnd);

} // namespace Shoal
