#pragma once

#include "service/dns/Message.h"

#include <QByteArray>
#include <QByteArrayView>
#include <cstdint>
#include <optional>

namespace Shoal {

// One resource record as peers exchange it: owner name and RDATA in uncompressed wire form, so
// the record means the same outside the message it came in.
struct PeerRecord
{
    QByteArray name;
    std::uint16_t type = 0;
    std::uint16_t klass = 0;
    std::uint32_t ttl = 0;
    QByteArray rdata;

    // The record `record` of the parsed `message`, with the names inside the RDATA of NS,
    // CNAME, PTR, MX and SOA expanded (the types RFC 3597 allows to be compressed). nullopt
    // when the RDATA does not have the shape its type requires.
    static std::optional<PeerRecord> fromMessage(QByteArrayView message, const Dns::Record &record);

    // Appends the record, uncompressed, to a message being built.
    void appendTo(QByteArray &message) const;

    friend bool operator==(const PeerRecord &, const PeerRecord &) = default;
};

} // namespace Shoal
