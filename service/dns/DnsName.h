#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "service/dns/DnsTypes.h"
#include "service/dns/ParseError.h"

namespace Shoal::Dns {

// A domain name in uncompressed wire form (length-prefixed labels, ending with the root label),
// held on the stack so the query path does not allocate.
struct NameBuffer
{
    std::array<std::uint8_t, 255> bytes{};
    std::size_t length = 0;

    QByteArrayView view() const
    {
        return {reinterpret_cast<const char *>(bytes.data()), qsizetype(length)};
    }
    QByteArray toByteArray() const { return view().toByteArray(); }
};

// Reads the possibly compressed name at `pos` in `message` and advances `pos` past it.
// Compression pointers must point strictly backwards, which rules out loops, and past the
// 12-byte header; the expanded name must fit in 255 bytes and every label in 63.
ParseError readName(const std::uint8_t *message, std::size_t size, std::size_t &pos,
                    NameBuffer &out);

// ASCII lower-casing of a wire name in place; DNS compares names case-insensitively (RFC 4343).
void lowercaseName(std::uint8_t *name, std::size_t length);
QByteArray lowercasedName(QByteArrayView wireName);

// Presentation form ("www.example.org."), escaping dots and unprintable bytes as RFC 1035 does.
QString nameToText(QByteArrayView wireName);

// Wire form of a presentation name; nullopt for an empty label, a label over 63 bytes or a name
// over 255. A trailing dot is optional. "." is the root.
std::optional<QByteArray> nameFromText(QStringView text);

// Whether `name` equals `zone` or lies below it; both in wire form, compared without case.
bool isNameAtOrBelow(QByteArrayView name, QByteArrayView zone);

// Number of labels, not counting the root.
int labelCount(QByteArrayView wireName);

} // namespace Shoal::Dns
