#include "service/cache/CacheFile.h"

#include "service/cache/Crc32.h"

namespace Shoal {

namespace {

constexpr char magic[] = "SHOALCCH"; // 8 bytes, no terminator in the file
constexpr std::uint8_t entryRecordType = 1;
constexpr std::uint8_t negativeFlag = 0x01;
constexpr std::size_t maxKeySize = Dns::maxNameLength + 4;
// Record type, three timestamps, source, flags, three length fields.
constexpr std::size_t entryFixedSize = 1 + 3 * 8 + 1 + 1 + 1 + 2 + 2;
constexpr std::size_t maxPayloadSize = entryFixedSize + 255 + maxKeySize + Dns::maxMessageSize;

void appendU8(QByteArray &out, std::uint8_t value)
{
    out += char(value);
}

void appendU16(QByteArray &out, std::uint16_t value)
{
    out += char(value >> 8);
    out += char(value & 0xff);
}

void appendU32(QByteArray &out, std::uint32_t value)
{
    appendU16(out, std::uint16_t(value >> 16));
    appendU16(out, std::uint16_t(value & 0xffff));
}

void appendI64(QByteArray &out, qint64 value)
{
    appendU32(out, std::uint32_t(quint64(value) >> 32));
    appendU32(out, std::uint32_t(quint64(value) & 0xffffffffu));
}

// Reads fields in order from a payload; any read past the end sets `failed`.
class PayloadReader
{
public:
    explicit PayloadReader(QByteArrayView data)
        : m_data(data)
    {}

    bool failed() const { return m_failed; }
    bool atEnd() const { return m_pos == std::size_t(m_data.size()); }

    QByteArrayView take(std::size_t size)
    {
        if (m_failed || std::size_t(m_data.size()) - m_pos < size) {
            m_failed = true;
            return {};
        }
        const QByteArrayView bytes = m_data.sliced(qsizetype(m_pos), qsizetype(size));
        m_pos += size;
        return bytes;
    }

    std::uint8_t u8()
    {
        const QByteArrayView bytes = take(1);
        return bytes.isEmpty() ? 0 : std::uint8_t(bytes[0]);
    }

    std::uint16_t u16()
    {
        const std::uint8_t high = u8();
        return std::uint16_t(high << 8 | u8());
    }

    qint64 i64()
    {
        quint64 value = 0;
        for (int i = 0; i < 8; ++i)
            value = value << 8 | u8();
        return qint64(value);
    }

private:
    QByteArrayView m_data;
    std::size_t m_pos = 0;
    bool m_failed = false;
};

} // namespace

QByteArray CacheFile::header(Kind kind, std::uint32_t generation)
{
    QByteArray out(magic, 8);
    appendU16(out, formatVersion);
    appendU8(out, std::uint8_t(kind));
    appendU8(out, 0);
    appendU32(out, generation);
    return out;
}

std::optional<CacheFile::Header> CacheFile::readHeader(QByteArrayView file)
{
    if (std::size_t(file.size()) < headerSize || file.first(8) != QByteArrayView(magic, 8))
        return std::nullopt;
    const auto *p = reinterpret_cast<const std::uint8_t *>(file.data());
    const std::uint8_t kind = p[10];
    if (Dns::readU16(p + 8) != formatVersion ||
        (kind != std::uint8_t(Kind::Snapshot) && kind != std::uint8_t(Kind::Journal)))
        return std::nullopt;
    return Header{Kind(kind), Dns::readU32(p + 12)};
}

void CacheFile::appendEntry(QByteArray &out, const StoredAnswer &answer)
{
    const AnswerSource source = answer.source();
    const QByteArray peerId = source.peerId.toUtf8().left(255);
    QByteArray payload;
    appendU8(payload, entryRecordType);
    appendI64(payload, answer.storedAtMs);
    appendI64(payload, answer.expiresAtMs);
    appendI64(payload, answer.staleUntilMs);
    appendU8(payload, std::uint8_t(source.kind));
    appendU8(payload, answer.negative ? negativeFlag : 0);
    appendU8(payload, std::uint8_t(peerId.size()));
    payload += peerId;
    appendU16(payload, std::uint16_t(answer.key().size()));
    payload.append(answer.key());
    appendU16(payload, std::uint16_t(answer.wire().size()));
    payload.append(answer.wire());

    appendU32(out, std::uint32_t(payload.size()));
    appendU32(out, Crc32::of(payload));
    out += payload;
}

CacheFile::FrameStatus CacheFile::readFrame(QByteArrayView file, std::size_t &pos,
                                            QByteArrayView &payload)
{
    const std::size_t size = std::size_t(file.size());
    if (pos >= size)
        return FrameStatus::End;
    if (size - pos < frameHeaderSize)
        return FrameStatus::Torn;
    const auto *p = reinterpret_cast<const std::uint8_t *>(file.data()) + pos;
    const std::size_t length = Dns::readU32(p);
    if (length == 0 || length > maxPayloadSize)
        return FrameStatus::BadLength;
    if (size - pos - frameHeaderSize < length)
        return FrameStatus::Torn;
    payload = file.sliced(qsizetype(pos + frameHeaderSize), qsizetype(length));
    pos += frameHeaderSize + length;
    return Crc32::of(payload) == Dns::readU32(p + 4) ? FrameStatus::Ok : FrameStatus::BadCrc;
}

std::optional<StoredAnswer::Saved> CacheFile::decodeEntry(QByteArrayView payload)
{
    PayloadReader reader(payload);
    StoredAnswer::Saved saved;
    if (reader.u8() != entryRecordType)
        return std::nullopt;
    saved.storedAtMs = reader.i64();
    saved.expiresAtMs = reader.i64();
    saved.staleUntilMs = reader.i64();
    const std::uint8_t kind = reader.u8();
    const std::uint8_t flags = reader.u8();
    const QByteArrayView peerId = reader.take(reader.u8());
    saved.key = reader.take(reader.u16());
    saved.wire = reader.take(reader.u16());
    if (reader.failed() || !reader.atEnd() || kind > std::uint8_t(AnswerSource::Kind::Peer) ||
        (flags & ~negativeFlag) || saved.key.size() > qsizetype(maxKeySize))
        return std::nullopt;
    saved.negative = flags & negativeFlag;
    saved.source = kind == std::uint8_t(AnswerSource::Kind::Peer)
                       ? AnswerSource::peer(QString::fromUtf8(peerId))
                       : AnswerSource::upstream();
    return saved;
}

} // namespace Shoal
