#pragma once

#include "service/dns/Message.h"

#include <QByteArray>
#include <QByteArrayView>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace Shoal {

// Writes the stored form of an answer: a DNS message whose records are re-encoded from the
// reply they came from, every name expanded and then compressed again against what this
// message itself holds. Copying the reply's bytes would not do: its compression pointers may
// aim at records the cache dropped. Remembers where each TTL field went, so the renderer can
// patch them in place. Stops at `limit` bytes and reports overflow.
class WireEncoder
{
public:
    explicit WireEncoder(std::size_t limit);

    void writeU16(std::uint16_t value);
    void writeU32(std::uint32_t value);
    void writeBytes(QByteArrayView bytes);
    void patchU16(std::size_t offset, std::uint16_t value);

    // A name in expanded wire form. With `compress`, its longest suffix already in the message
    // becomes a pointer, and its own labels become targets for later names.
    void writeName(QByteArrayView name, bool compress);

    // The record `record` of `reply` with `ttl`; false if its RDATA is malformed.
    bool writeRecord(const Dns::Record &record, QByteArrayView reply, std::uint32_t ttl);

    std::size_t size() const { return std::size_t(m_out.size()); }
    bool overflowed() const { return m_overflowed; }
    QByteArrayView bytes() const { return m_out; }
    const std::vector<std::uint16_t> &ttlOffsets() const { return m_ttlOffsets; }

private:
    struct Suffix
    {
        QByteArray lowered;   // the expanded name from this label on, lower case
        std::uint16_t offset; // where the label is in the message
    };

    bool reserve(std::size_t bytes);
    int findSuffix(const QByteArray &lowered) const;
    void rememberSuffix(QByteArray lowered, std::size_t offset);
    bool writeRdata(const Dns::Record &record, QByteArrayView reply);
    bool copyRdataName(QByteArrayView reply, std::size_t &pos, std::size_t end, bool compress);

    QByteArray m_out;
    std::size_t m_limit;
    bool m_overflowed = false;
    std::vector<Suffix> m_suffixes;
    std::vector<std::uint16_t> m_ttlOffsets;
};

} // namespace Shoal
