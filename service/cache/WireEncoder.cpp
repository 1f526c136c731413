#include "service/cache/WireEncoder.h"

#include "service/cache/RecordSelector.h"
#include "service/dns/DnsName.h"

namespace Shoal {

namespace {

using Dns::Type;

constexpr std::size_t maxPointerTarget = 0x3fff;
// Bounds the linear search; messages with more distinct names just compress less.
constexpr std::size_t maxSuffixes = 256;

// How the RDATA of a type embeds names (RFC 1035 3.3, RFC 2782): a fixed prefix before the
// first name, the number of names, a fixed suffix after them, and whether the names may be
// compressed. Types not listed are copied as opaque bytes.
struct RdataShape
{
    std::size_t prefix = 0;
    int names = 0;
    std::size_t suffix = 0;
    bool compress = true;
};

std::optional<RdataShape> rdataShape(std::uint16_t type)
{
    switch (Type(type)) {
    case Type::CNAME:
    case Type::NS:
    case Type::PTR:
        return RdataShape{0, 1, 0, true};
    case Type::MX:
        return RdataShape{2, 1, 0, true};
    case Type::SOA:
        return RdataShape{0, 2, 20, true};
    case Type::SRV:
        return RdataShape{6, 1, 0, false};
    default:
        return std::nullopt;
    }
}

} // namespace

WireEncoder::WireEncoder(std::size_t limit)
    : m_limit(limit)
{}

bool WireEncoder::reserve(std::size_t bytes)
{
    if (m_overflowed || size() + bytes > m_limit) {
        m_overflowed = true;
        return false;
    }
    return true;
}

void WireEncoder::writeU16(std::uint16_t value)
{
    if (!reserve(2))
        return;
    m_out += char(value >> 8);
    m_out += char(value & 0xff);
}

void WireEncoder::writeU32(std::uint32_t value)
{
    writeU16(std::uint16_t(value >> 16));
    writeU16(std::uint16_t(value & 0xffff));
}

void WireEncoder::writeBytes(QByteArrayView bytes)
{
    if (reserve(std::size_t(bytes.size())))
        m_out.append(bytes);
}

void WireEncoder::patchU16(std::size_t offset, std::uint16_t value)
{
    if (offset + 2 <= size())
        Dns::writeU16(reinterpret_cast<std::uint8_t *>(m_out.data()) + offset, value);
}

int WireEncoder::findSuffix(const QByteArray &lowered) const
{
    for (std::size_t i = 0; i < m_suffixes.size(); ++i) {
        if (m_suffixes[i].lowered == lowered)
            return int(i);
    }
    return -1;
}

void WireEncoder::rememberSuffix(QByteArray lowered, std::size_t offset)
{
    if (offset <= maxPointerTarget && m_suffixes.size() < maxSuffixes)
        m_suffixes.push_back({std::move(lowered), std::uint16_t(offset)});
}

void WireEncoder::writeName(QByteArrayView name, bool compress)
{
    const QByteArray lowered = Dns::lowercasedName(name);
    qsizetype pos = 0;
    while (pos < name.size() && name[pos] != 0) {
        const QByteArray suffix = lowered.sliced(pos);
        if (compress) {
            if (const int found = findSuffix(suffix); found >= 0) {
                writeU16(std::uint16_t(0xc000 | m_suffixes[std::size_t(found)].offset));
                return;
            }
            rememberSuffix(suffix, size());
        }
        const qsizetype labelSize = 1 + std::uint8_t(name[pos]);
        writeBytes(name.sliced(pos, labelSize));
        pos += labelSize;
    }
    writeBytes(QByteArrayView("\0", 1));
}

bool WireEncoder::writeRecord(const Dns::Record &record, QByteArrayView reply, std::uint32_t ttl)
{
    writeName(record.name, true);
    writeU16(record.type);
    writeU16(record.klass);
    if (!m_overflowed)
        m_ttlOffsets.push_back(std::uint16_t(size()));
    writeU32(ttl);
    const std::size_t lengthOffset = size();
    writeU16(0);
    const std::size_t rdataStart = size();
    if (!writeRdata(record, reply))
        return false;
    patchU16(lengthOffset, std::uint16_t(size() - rdataStart));
    return true;
}

bool WireEncoder::writeRdata(const Dns::Record &record, QByteArrayView reply)
{
    const auto shape = rdataShape(record.type);
    if (!shape) {
        writeBytes(reply.sliced(record.rdataOffset, record.rdataLength));
        return true;
    }
    std::size_t pos = record.rdataOffset;
    const std::size_t end = record.end();
    if (end - pos < shape->prefix)
        return false;
    writeBytes(reply.sliced(qsizetype(pos), qsizetype(shape->prefix)));
    pos += shape->prefix;
    for (int i = 0; i < shape->names; ++i) {
        if (!copyRdataName(reply, pos, end, shape->compress))
            return false;
    }
    if (end - pos != shape->suffix)
        return false;
    writeBytes(reply.sliced(qsizetype(pos), qsizetype(shape->suffix)));
    return true;
}

bool WireEncoder::copyRdataName(QByteArrayView reply, std::size_t &pos, std::size_t end,
                                bool compress)
{
    const auto name = readRdataName(reply, pos, end);
    if (!name)
        return false;
    writeName(name->view(), compress);
    return true;
}

} // namespace Shoal
