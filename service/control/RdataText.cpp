#include "service/control/RdataText.h"

#include "service/control/DnsTypeNames.h"
#include "service/dns/DnsName.h"

#include <QHostAddress>
#include <cstdint>
#include <optional>

namespace Shoal::Control {

namespace {

using namespace Qt::StringLiterals;

// Reads the fields of one record's data in order; any read past the data's end, or data left
// over at the end, makes the whole rendering fall back to the generic form.
class RdataReader
{
public:
    RdataReader(QByteArrayView message, const Dns::Record &record)
        : m_data(reinterpret_cast<const std::uint8_t *>(message.data()))
        , m_messageSize(std::size_t(message.size()))
        , m_pos(record.rdataOffset)
        , m_end(std::size_t(record.rdataOffset) + record.rdataLength)
    {}

    std::optional<quint16> u16()
    {
        if (!has(2))
            return std::nullopt;
        m_pos += 2;
        return Dns::readU16(m_data + m_pos - 2);
    }

    std::optional<quint32> u32()
    {
        if (!has(4))
            return std::nullopt;
        m_pos += 4;
        return Dns::readU32(m_data + m_pos - 4);
    }

    std::optional<QString> name()
    {
        Dns::NameBuffer buffer;
        if (Dns::readName(m_data, m_messageSize, m_pos, buffer) != Dns::ParseError::None ||
            m_pos > m_end)
            return std::nullopt;
        return Dns::nameToText(buffer.view());
    }

    std::optional<QByteArrayView> characterString()
    {
        if (!has(1) || !has(1 + std::size_t(m_data[m_pos])))
            return std::nullopt;
        const std::size_t length = m_data[m_pos];
        const auto *start = reinterpret_cast<const char *>(m_data + m_pos + 1);
        m_pos += 1 + length;
        return QByteArrayView(start, qsizetype(length));
    }

    std::optional<QByteArrayView> bytes(std::size_t count)
    {
        if (!has(count))
            return std::nullopt;
        m_pos += count;
        return QByteArrayView(reinterpret_cast<const char *>(m_data + m_pos - count),
                              qsizetype(count));
    }

    bool atEnd() const { return m_pos == m_end; }

private:
    bool has(std::size_t count) const { return m_end <= m_messageSize && m_pos + count <= m_end; }

    const std::uint8_t *m_data;
    std::size_t m_messageSize;
    std::size_t m_pos;
    std::size_t m_end;
};

QString quoted(QByteArrayView text)
{
    QString result = u"\""_s;
    for (const char byte : text) {
        const auto c = std::uint8_t(byte);
        if (c == '"' || c == '\\')
            result += QLatin1Char('\\') + QLatin1Char(char(c));
        else if (c < 0x20 || c > 0x7e)
            result += u"\\%1"_s.arg(int(c), 3, 10, QLatin1Char('0'));
        else
            result += QLatin1Char(char(c));
    }
    return result + u'"';
}

std::optional<QString> address(RdataReader &reader, std::size_t length)
{
    const auto raw = reader.bytes(length);
    if (!raw)
        return std::nullopt;
    const auto *bytes = reinterpret_cast<const quint8 *>(raw->data());
    if (length == 4)
        return QHostAddress(Dns::readU32(bytes)).toString();
    return QHostAddress(bytes).toString();
}

std::optional<QString> mx(RdataReader &reader)
{
    const auto preference = reader.u16();
    const auto exchange = reader.name();
    if (!preference || !exchange)
        return std::nullopt;
    return QString::number(*preference) + u' ' + *exchange;
}

std::optional<QString> txt(RdataReader &reader)
{
    QStringList strings;
    while (!reader.atEnd()) {
        const auto string = reader.characterString();
        if (!string)
            return std::nullopt;
        strings.append(quoted(*string));
    }
    if (strings.isEmpty())
        return std::nullopt;
    return strings.join(u' ');
}

std::optional<QString> soa(RdataReader &reader)
{
    const auto mname = reader.name();
    const auto rname = reader.name();
    if (!mname || !rname)
        return std::nullopt;
    QStringList fields{*mname, *rname};
    for (int i = 0; i < 5; ++i) {
        const auto value = reader.u32();
        if (!value)
            return std::nullopt;
        fields.append(QString::number(*value));
    }
    return fields.join(u' ');
}

std::optional<QString> srv(RdataReader &reader)
{
    QStringList fields;
    for (int i = 0; i < 3; ++i) {
        const auto value = reader.u16();
        if (!value)
            return std::nullopt;
        fields.append(QString::number(*value));
    }
    const auto target = reader.name();
    if (!target)
        return std::nullopt;
    fields.append(*target);
    return fields.join(u' ');
}

std::optional<QString> knownForm(QByteArrayView message, const Dns::Record &record)
{
    RdataReader reader(message, record);
    std::optional<QString> text;
    switch (Dns::Type(record.type)) {
    case Dns::Type::A:
        text = address(reader, 4);
        break;
    case Dns::Type::AAAA:
        text = address(reader, 16);
        break;
    case Dns::Type::CNAME:
    case Dns::Type::NS:
    case Dns::Type::PTR:
        text = reader.name();
        break;
    case Dns::Type::MX:
        text = mx(reader);
        break;
    case Dns::Type::TXT:
        text = txt(reader);
        break;
    case Dns::Type::SOA:
        text = soa(reader);
        break;
    case Dns::Type::SRV:
        text = srv(reader);
        break;
    default:
        return std::nullopt;
    }
    return reader.atEnd() ? text : std::nullopt;
}

QString genericForm(QByteArrayView message, const Dns::Record &record)
{
    const qsizetype end = qsizetype(record.rdataOffset) + record.rdataLength;
    if (end > message.size())
        return u"\\# 0"_s;
    const QByteArrayView data = message.sliced(record.rdataOffset, record.rdataLength);
    if (data.isEmpty())
        return u"\\# 0"_s;
    return u"\\# %1 %2"_s.arg(data.size()).arg(QString::fromLatin1(data.toByteArray().toHex()));
}

} // namespace

QString rdataToText(QByteArrayView message, const Dns::Record &record)
{
    if (const auto text = knownForm(message, record))
        return *text;
    return genericForm(message, record);
}

QList<CacheRecord> answerRecordsFromWire(QByteArrayView message)
{
    const Dns::Message parsed = Dns::Message::parse(message);
    QList<CacheRecord> records;
    if (!parsed.ok())
        return records;
    for (const Dns::Record &record : parsed.answers) {
        records.append({Dns::nameToText(record.name), typeToText(record.type), record.ttl,
                        rdataToText(message, record)});
    }
    return records;
}

} // namespace Shoal::Control
