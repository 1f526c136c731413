#include "service/peer/PeerRecord.h"

#include "service/dns/DnsName.h"

namespace Shoal {

namespace {

// Copies `count` fixed bytes and then one (possibly compressed) name, as an RDATA layout step.
class RdataReader
{
public:
    RdataReader(QByteArrayView message, const Dns::Record &record)
        : m_data(reinterpret_cast<const std::uint8_t *>(message.data()))
        , m_pos(record.rdataOffset)
        , m_end(record.end())
    {}

    bool name()
    {
        Dns::NameBuffer buffer;
        if (Dns::readName(m_data, m_end, m_pos, buffer) != Dns::ParseError::None)
            return false;
        m_out += buffer.view();
        return true;
    }

    bool fixed(std::size_t count)
    {
        if (m_end - m_pos < count)
            return false;
        m_out.append(reinterpret_cast<const char *>(m_data + m_pos), qsizetype(count));
        m_pos += count;
        return true;
    }

    bool atEnd() const { return m_pos == m_end; }
    QByteArray result() const { return m_out; }

private:
    const std::uint8_t *m_data;
    std::size_t m_pos;
    std::size_t m_end;
    QByteArray m_out;
};

std::optional<QByteArray> expandRdata(QByteArrayView message, const Dns::Record &record)
{
    RdataReader reader(message, record);
    bool ok = true;
    switch (Dns::Type(record.type)) {
    case Dns::Type::NS:
    case Dns::Type::CNAME:
    case Dns::Type::PTR:
        ok = reader.name();
        break;
    case Dns::Type::MX:
        ok = reader.fixed(2) && reader.name();
        break;
    case Dns::Type::SOA:
        ok = reader.name() && reader.name() && reader.fixed(20);
        break;
    default:
        return message.sliced(record.rdataOffset, record.rdataLength).toByteArray();
    }
    if (!ok || !reader.atEnd())
        return std::nullopt;
    return reader.result();
}

void appendU16(QByteArray &out, std::uint16_t value)
{
    out += char(value >> 8);
    out += char(value & 0xff);
}

} // namespace

std::optional<PeerRecord> PeerRecord::fromMessage(QByteArrayView message, const Dns::Record &record)
{
    std::optional<QByteArray> rdata = expandRdata(message, record);
    if (!rdata || rdata->size() > 0xffff)
        return std::nullopt;
    return PeerRecord{record.name, record.type, record.klass, record.ttl, *rdata};
}

void PeerRecord::appendTo(QByteArray &message) const
{
    message += name;
    appendU16(message, type);
    appendU16(message, klass);
    appendU16(message, std::uint16_t(ttl >> 16));
    appendU16(message, std::uint16_t(ttl & 0xffff));
    appendU16(message, std::uint16_t(rdata.size()));
    message += rdata;
}

} // namespace Shoal
