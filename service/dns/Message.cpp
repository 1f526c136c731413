#include "service/dns/Message.h"

#include <algorithm>

namespace Shoal::Dns {

std::uint16_t readU16(const std::uint8_t *p) { return std::uint16_t(p[0] << 8 | p[1]); }

std::uint32_t readU32(const std::uint8_t *p)
{
    return std::uint32_t(p[0]) << 24 | std::uint32_t(p[1]) << 16 | std::uint32_t(p[2]) << 8 | p[3];
}

void writeU16(std::uint8_t *p, std::uint16_t value)
{
    p[0] = std::uint8_t(value >> 8);
    p[1] = std::uint8_t(value);
}

void writeU32(std::uint8_t *p, std::uint32_t value)
{
    p[0] = std::uint8_t(value >> 24);
    p[1] = std::uint8_t(value >> 16);
    p[2] = std::uint8_t(value >> 8);
    p[3] = std::uint8_t(value);
}

std::optional<Header> Header::read(QByteArrayView message)
{
    if (message.size() < headerSize)
        return std::nullopt;
    const auto *p = reinterpret_cast<const std::uint8_t *>(message.data());
    Header header;
    header.id = readU16(p);
    header.flags = readU16(p + 2);
    header.questionCount = readU16(p + 4);
    header.answerCount = readU16(p + 6);
    header.authorityCount = readU16(p + 8);
    header.additionalCount = readU16(p + 10);
    return header;
}

namespace {

constexpr std::size_t recordFixedSize = 10; // type, class, TTL, RDLENGTH
constexpr std::size_t minimumRecordSize = 1 + recordFixedSize;

// Reads the EDNS fields out of an OPT record whose fixed part starts at `fixed`.
ParseError readOpt(const std::uint8_t *data, std::size_t fixed, std::uint16_t rdataLength,
                   Edns &edns)
{
    edns.udpPayloadSize = readU16(data + fixed + 2);
    edns.extendedRcode = data[fixed + 4];
    edns.version = data[fixed + 5];
    edns.dnssecOk = readU16(data + fixed + 6) & ednsDoBit;

    std::size_t pos = fixed + recordFixedSize;
    const std::size_t end = pos + rdataLength;
    while (pos < end) {
        if (end - pos < 4)
            return ParseError::BadOpt;
        const std::uint16_t code = readU16(data + pos);
        const std::uint16_t length = readU16(data + pos + 2);
        pos += 4;
        if (end - pos < length)
            return ParseError::BadOpt;
        edns.options.push_back(
            {code, QByteArray(reinterpret_cast<const char *>(data + pos), length)});
        pos += length;
    }
    return ParseError::None;
}

class MessageParser
{
public:
    MessageParser(QByteArrayView wire, Message &message)
        : m_data(reinterpret_cast<const std::uint8_t *>(wire.data()))
        , m_size(std::size_t(wire.size()))
        , m_message(message)
    {
    }

    ParseError run()
    {
        const auto header = Header::read({reinterpret_cast<const char *>(m_data),
                                          qsizetype(m_size)});
        if (!header)
            return ParseError::Truncated;
        m_message.header = *header;
        m_pos = headerSize;

        for (int i = 0; i < header->questionCount; ++i) {
            if (const ParseError error = readQuestion(); error != ParseError::None)
                return error;
        }
        const std::pair<Section, std::uint16_t> sections[] = {
            {Section::Answer, header->answerCount},
            {Section::Authority, header->authorityCount},
            {Section::Additional, header->additionalCount},
        };
        for (const auto &[section, count] : sections) {
            for (int i = 0; i < count; ++i) {
                if (const ParseError error = readRecord(section); error != ParseError::None)
                    return error;
            }
        }
        return m_pos == m_size ? ParseError::None : ParseError::TrailingData;
    }

private:
    ParseError readQuestion()
    {
        NameBuffer name;
        if (const ParseError error = readName(m_data, m_size, m_pos, name);
            error != ParseError::None)
            return error;
        if (m_size - m_pos < 4)
            return ParseError::Truncated;
        m_message.questions.push_back(
            {name.toByteArray(), readU16(m_data + m_pos), readU16(m_data + m_pos + 2)});
        m_pos += 4;
        return ParseError::None;
    }

    ParseError readRecord(Section section)
    {
        if (m_message.tsigOffset)
            return ParseError::BadTsig; // TSIG must be the last record
        const std::size_t start = m_pos;
        NameBuffer name;
        if (const ParseError error = readName(m_data, m_size, m_pos, name);
            error != ParseError::None)
            return error;
        if (m_size - m_pos < recordFixedSize)
            return ParseError::Truncated;
        const std::size_t fixed = m_pos;
        const std::uint16_t type = readU16(m_data + fixed);
        const std::uint16_t rdataLength = readU16(m_data + fixed + 8);
        m_pos += recordFixedSize;
        if (m_size - m_pos < rdataLength)
            return ParseError::Truncated;
        m_pos += rdataLength;

        if (type == std::uint16_t(Type::OPT))
            return readOptRecord(section, start, fixed, rdataLength, name);
        if (type == std::uint16_t(Type::TSIG)) {
            if (section != Section::Additional)
                return ParseError::BadTsig;
            m_message.tsigOffset = std::uint32_t(start);
            return ParseError::None;
        }

        Record record;
        record.name = name.toByteArray();
        record.type = type;
        record.klass = readU16(m_data + fixed + 2);
        record.ttl = readU32(m_data + fixed + 4);
        record.section = section;
        record.offset = std::uint32_t(start);
        record.ttlOffset = std::uint32_t(fixed + 4);
        record.rdataOffset = std::uint32_t(fixed + recordFixedSize);
        record.rdataLength = rdataLength;
        sectionRecords(section).push_back(std::move(record));
        return ParseError::None;
    }

    ParseError readOptRecord(Section section, std::size_t start, std::size_t fixed,
                             std::uint16_t rdataLength, const NameBuffer &name)
    {
        if (section != Section::Additional || m_message.edns || name.length != 1)
            return ParseError::BadOpt;
        Edns edns;
        edns.offset = std::uint32_t(start);
        edns.end = std::uint32_t(m_pos);
        if (const ParseError error = readOpt(m_data, fixed, rdataLength, edns);
            error != ParseError::None)
            return error;
        m_message.edns = std::move(edns);
        return ParseError::None;
    }

    std::vector<Record> &sectionRecords(Section section)
    {
        switch (section) {
        case Section::Answer:
            return m_message.answers;
        case Section::Authority:
            return m_message.authorities;
        case Section::Additional:
            break;
        }
        return m_message.additionals;
    }

    const std::uint8_t *m_data;
    std::size_t m_size;
    std::size_t m_pos = 0;
    Message &m_message;
};

} // namespace

Message Message::parse(QByteArrayView wire)
{
    Message message;
    message.error = MessageParser(wire, message).run();
    return message;
}

ParseError parseQuery(const std::uint8_t *data, std::size_t size, QueryView &out)
{
    if (size < std::size_t(headerSize))
        return ParseError::Truncated;
    out.header.id = readU16(data);
    out.header.flags = readU16(data + 2);
    out.header.questionCount = readU16(data + 4);
    out.header.answerCount = readU16(data + 6);
    out.header.authorityCount = readU16(data + 8);
    out.header.additionalCount = readU16(data + 10);
    if (out.header.questionCount != 1 || out.header.answerCount != 0
        || out.header.authorityCount != 0)
        return ParseError::BadCounts;

    std::size_t pos = headerSize;
    if (const ParseError error = readName(data, size, pos, out.name); error != ParseError::None)
        return error;
    if (size - pos < 4)
        return ParseError::Truncated;
    out.type = readU16(data + pos);
    out.klass = readU16(data + pos + 2);
    pos += 4;
    out.questionEnd = std::uint32_t(pos);

    std::copy_n(out.name.bytes.begin(), out.name.length, out.key.bytes.begin());
    lowercaseName(out.key.bytes.data(), out.name.length);
    writeU16(out.key.bytes.data() + out.name.length, out.type);
    writeU16(out.key.bytes.data() + out.name.length + 2, out.klass);
    out.key.length = out.name.length + 4;

    out.hasEdns = false;
    out.udpPayloadSize = maxUdpPayloadWithoutEdns;
    out.dnssecOk = false;
    out.ednsVersion = 0;
    bool sawTsig = false;
    for (int i = 0; i < out.header.additionalCount; ++i) {
        if (sawTsig)
            return ParseError::BadTsig;
        NameBuffer owner;
        if (const ParseError error = readName(data, size, pos, owner); error != ParseError::None)
            return error;
        if (size - pos < recordFixedSize)
            return ParseError::Truncated;
        const std::uint16_t type = readU16(data + pos);
        const std::uint16_t rdataLength = readU16(data + pos + 8);
        if (size - pos - recordFixedSize < rdataLength)
            return ParseError::Truncated;
        if (type == std::uint16_t(Type::OPT)) {
            if (out.hasEdns || owner.length != 1)
                return ParseError::BadOpt;
            out.hasEdns = true;
            out.udpPayloadSize = readU16(data + pos + 2);
            out.ednsVersion = data[pos + 5];
            out.dnssecOk = readU16(data + pos + 6) & ednsDoBit;
        } else if (type == std::uint16_t(Type::TSIG)) {
            sawTsig = true;
        }
        pos += recordFixedSize + rdataLength;
    }
    return pos == size ? ParseError::None : ParseError::TrailingData;
}

QByteArray cacheKey(QByteArrayView wireName, std::uint16_t type, std::uint16_t klass)
{
    QByteArray key = lowercasedName(wireName);
    const qsizetype nameLength = key.size();
    key.resize(nameLength + 4);
    auto *p = reinterpret_cast<std::uint8_t *>(key.data()) + nameLength;
    writeU16(p, type);
    writeU16(p + 2, klass);
    return key;
}

} // namespace Shoal::Dns
