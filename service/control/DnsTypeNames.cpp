#include "service/control/DnsTypeNames.h"

#include <QLatin1StringView>
#include <array>
#include <utility>

namespace Shoal::Control {

namespace {

using namespace Qt::StringLiterals;

constexpr std::array<std::pair<quint16, QLatin1StringView>, 21> typeNames{{
    {1, "A"_L1},      {2, "NS"_L1},      {5, "CNAME"_L1}, {6, "SOA"_L1},    {12, "PTR"_L1},
    {13, "HINFO"_L1}, {15, "MX"_L1},     {16, "TXT"_L1},  {28, "AAAA"_L1},  {33, "SRV"_L1},
    {35, "NAPTR"_L1}, {39, "DNAME"_L1},  {41, "OPT"_L1},  {43, "DS"_L1},    {46, "RRSIG"_L1},
    {47, "NSEC"_L1},  {48, "DNSKEY"_L1}, {64, "SVCB"_L1}, {65, "HTTPS"_L1}, {255, "ANY"_L1},
    {257, "CAA"_L1},
}};

const auto genericPrefix = "TYPE"_L1;

} // namespace

QString typeToText(quint16 type)
{
    for (const auto &[number, name] : typeNames) {
        if (number == type)
            return name;
    }
    return genericPrefix + QString::number(type);
}

std::optional<quint16> typeFromText(QStringView text)
{
    for (const auto &[number, name] : typeNames) {
        if (text.compare(name, Qt::CaseInsensitive) == 0)
            return number;
    }
    if (!text.startsWith(genericPrefix, Qt::CaseInsensitive))
        return std::nullopt;
    const QStringView digits = text.sliced(genericPrefix.size());
    bool ok = false;
    const uint number = digits.toUInt(&ok);
    if (!ok || number > 0xffff || digits.isEmpty() || !digits.front().isDigit())
        return std::nullopt;
    return quint16(number);
}

} // namespace Shoal::Control
