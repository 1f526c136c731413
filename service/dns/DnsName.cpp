#include "service/dns/DnsName.h"

#include <QStringList>

namespace Shoal::Dns {

namespace {

constexpr std::uint8_t pointerMask = 0xc0;

bool isAsciiUpper(std::uint8_t c) { return c >= 'A' && c <= 'Z'; }

} // namespace

ParseError readName(const std::uint8_t *message, std::size_t size, std::size_t &pos,
                    NameBuffer &out)
{
    out.length = 0;
    std::size_t cursor = pos;
    std::size_t resumeAt = 0; // where the record continues after the first pointer
    bool jumped = false;

    for (;;) {
        if (cursor >= size)
            return ParseError::Truncated;
        const std::uint8_t lengthByte = message[cursor];

        if ((lengthByte & pointerMask) == pointerMask) {
            if (cursor + 1 >= size)
                return ParseError::Truncated;
            const std::size_t target = std::size_t(lengthByte & 0x3f) << 8 | message[cursor + 1];
            // No name starts inside the header; a pointer there would also change meaning
            // when a reply echoes the question behind a header of its own.
            if (target >= cursor || target < std::size_t(headerSize))
                return ParseError::BadPointer;
            if (!jumped)
                resumeAt = cursor + 2;
            jumped = true;
            cursor = target;
            continue;
        }
        if (lengthByte & pointerMask)
            return ParseError::BadLabel;
        if (out.length + 1 + lengthByte > std::size_t(maxNameLength))
            return ParseError::NameTooLong;
        if (cursor + 1 + lengthByte > size)
            return ParseError::Truncated;

        out.bytes[out.length++] = lengthByte;
        if (lengthByte == 0)
            break;
        std::copy_n(message + cursor + 1, lengthByte, out.bytes.begin() + out.length);
        out.length += lengthByte;
        cursor += 1 + lengthByte;
    }

    pos = jumped ? resumeAt : cursor + 1;
    return ParseError::None;
}

void lowercaseName(std::uint8_t *name, std::size_t length)
{
    for (std::size_t i = 0; i < length; ++i) {
        if (isAsciiUpper(name[i]))
            name[i] = std::uint8_t(name[i] + ('a' - 'A'));
    }
}

QByteArray lowercasedName(QByteArrayView wireName)
{
    QByteArray result = wireName.toByteArray();
    lowercaseName(reinterpret_cast<std::uint8_t *>(result.data()), std::size_t(result.size()));
    return result;
}

QString nameToText(QByteArrayView wireName)
{
    if (wireName.size() <= 1)
        return QStringLiteral(".");
    QString text;
    qsizetype pos = 0;
    while (pos < wireName.size()) {
        const int length = std::uint8_t(wireName[pos]);
        if (length == 0 || pos + 1 + length > wireName.size())
            break;
        for (int i = 0; i < length; ++i) {
            const auto c = std::uint8_t(wireName[pos + 1 + i]);
            if (c == '.' || c == '\\')
                text += QLatin1Char('\\') + QLatin1Char(char(c));
            else if (c < 0x21 || c > 0x7e)
                text += QStringLiteral("\\%1").arg(int(c), 3, 10, QLatin1Char('0'));
            else
                text += QLatin1Char(char(c));
        }
        text += QLatin1Char('.');
        pos += 1 + length;
    }
    return text;
}

std::optional<QByteArray> nameFromText(QStringView text)
{
    if (text == u"." )
        return QByteArray(1, '\0');
    if (text.endsWith(u'.'))
        text.chop(1);
    if (text.isEmpty())
        return std::nullopt;

    QByteArray wire;
    QByteArray label;
    auto closeLabel = [&]() {
        if (label.isEmpty() || label.size() > maxLabelLength)
            return false;
        wire += char(label.size());
        wire += label;
        label.clear();
        return true;
    };
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (c == u'.') {
            if (!closeLabel())
                return std::nullopt;
            continue;
        }
        if (c == u'\\' && i + 1 < text.size()) {
            const QStringView rest = text.mid(i + 1);
            if (rest.size() >= 3 && rest[0].isDigit() && rest[1].isDigit() && rest[2].isDigit()) {
                const int value = rest.left(3).toInt();
                if (value > 255)
                    return std::nullopt;
                label += char(value);
                i += 3;
            } else {
                label += char(rest[0].toLatin1());
                i += 1;
            }
            continue;
        }
        if (c.unicode() > 0x7e || c.unicode() < 0x21)
            return std::nullopt;
        label += char(c.toLatin1());
    }
    if (!closeLabel())
        return std::nullopt;
    wire += '\0';
    if (wire.size() > maxNameLength)
        return std::nullopt;
    return wire;
}

bool isNameAtOrBelow(QByteArrayView name, QByteArrayView zone)
{
    if (zone.size() > name.size())
        return false;
    // Walk the labels of `name` until the remaining suffix has the zone's length, then compare.
    qsizetype pos = 0;
    while (name.size() - pos > zone.size()) {
        const int length = std::uint8_t(name[pos]);
        if (length == 0)
            return false;
        pos += 1 + length;
    }
    if (name.size() - pos != zone.size())
        return false;
    for (qsizetype i = 0; i < zone.size(); ++i) {
        auto a = std::uint8_t(name[pos + i]);
        auto b = std::uint8_t(zone[i]);
        if (isAsciiUpper(a))
            a = std::uint8_t(a + 32);
        if (isAsciiUpper(b))
            b = std::uint8_t(b + 32);
        if (a != b)
            return false;
    }
    return true;
}

int labelCount(QByteArrayView wireName)
{
    int count = 0;
    qsizetype pos = 0;
    while (pos < wireName.size()) {
        const int length = std::uint8_t(wireName[pos]);
        if (length == 0)
            break;
        ++count;
        pos += 1 + length;
    }
    return count;
}

} // namespace Shoal::Dns
