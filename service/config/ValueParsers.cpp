#include "service/config/ValueParsers.h"

#include <QList>
#include <array>
#include <limits>

namespace Shoal {

namespace {

constexpr qint64 maxInt64 = std::numeric_limits<qint64>::max();

std::nullopt_t fail(QString *why, const QString &reason)
{
    if (why)
        *why = reason;
    return std::nullopt;
}

bool isAsciiDigit(QChar c)
{
    return c >= u'0' && c <= u'9';
}

bool allDigits(QStringView text)
{
    for (const QChar c : text) {
        if (!isAsciiDigit(c))
            return false;
    }
    return !text.isEmpty();
}

// Plain decimal digits only: no sign, no spaces, no hex; 18 digits always fit in a qint64.
std::optional<qint64> parseCount(QStringView text)
{
    if (!allDigits(text) || text.size() > 18)
        return std::nullopt;
    return text.toLongLong();
}

bool isIpv4Part(QStringView part)
{
    if (!allDigits(part) || part.size() > 3)
        return false;
    if (part.size() > 1 && part.front() == u'0')
        return false;
    return part.toInt() <= 255;
}

std::optional<QHostAddress> parseIpv4(QStringView text)
{
    const QList<QStringView> parts = text.split(u'.');
    if (parts.size() != 4)
        return std::nullopt;
    for (const QStringView part : parts) {
        if (!isIpv4Part(part))
            return std::nullopt;
    }
    return QHostAddress(text.toString());
}

std::optional<QHostAddress> parseIpv6(QStringView text)
{
    for (const QChar c : text) {
        if (c.isSpace())
            return std::nullopt;
    }
    QHostAddress address;
    if (!address.setAddress(text.toString()) || address.protocol() != QAbstractSocket::IPv6Protocol)
        return std::nullopt;
    return address;
}

std::optional<Endpoint> withPort(const QHostAddress &address, QStringView portText,
                                 quint16 defaultPort, QString *why)
{
    if (portText.isEmpty())
        return Endpoint{address, defaultPort};
    const auto port = parsePort(portText, why);
    if (!port)
        return std::nullopt;
    return Endpoint{address, *port};
}

std::optional<Endpoint> parseBracketedEndpoint(QStringView text, quint16 defaultPort, QString *why)
{
    const qsizetype close = text.indexOf(u']');
    if (close < 0)
        return fail(why, QStringLiteral("'[' without ']'"));
    const QStringView rest = text.sliced(close + 1);
    if (!rest.isEmpty() && (rest.front() != u':' || rest.size() == 1))
        return fail(why, QStringLiteral("expected ':PORT' after ']'"));
    const auto address = parseIpv6(text.sliced(1, close - 1));
    if (!address)
        return fail(why, QStringLiteral("not an IPv6 address inside [ ]"));
    return withPort(*address, rest.isEmpty() ? rest : rest.sliced(1), defaultPort, why);
}

// Keeps the network part only, so "192.0.2.7/24" and "192.0.2.0/24" are the same subnet.
QHostAddress maskedAddress(const QHostAddress &address, int prefix)
{
    if (address.protocol() == QAbstractSocket::IPv4Protocol) {
        const quint32 mask = prefix == 0 ? 0 : ~quint32(0) << (32 - prefix);
        return QHostAddress(address.toIPv4Address() & mask);
    }
    Q_IPV6ADDR bytes = address.toIPv6Address();
    for (int i = 0; i < 16; ++i) {
        const int bitsKept = qBound(0, prefix - i * 8, 8);
        bytes[i] &= quint8(0xff00 >> bitsKept);
    }
    return QHostAddress(bytes);
}

struct Unit
{
    const char16_t *suffix;
    qint64 factor;
};

// Splits "64M" into 64 and the suffix's factor; suffixes are matched without case.
template<std::size_t N>
std::optional<qint64> parseWithUnit(QStringView text, const std::array<Unit, N> &units,
                                    qint64 bareFactor, QString *why)
{
    qint64 factor = bareFactor;
    QStringView digits = text;
    for (const Unit &unit : units) {
        const QStringView suffix(unit.suffix);
        if (text.endsWith(suffix, Qt::CaseInsensitive)) {
            factor = unit.factor;
            digits = text.chopped(suffix.size());
            break;
        }
    }
    const auto count = parseCount(digits);
    if (!count)
        return fail(why, QStringLiteral("not a number with a known unit"));
    if (*count > maxInt64 / factor)
        return fail(why, QStringLiteral("too large"));
    return *count * factor;
}

} // namespace

std::optional<QHostAddress> parseAddress(QStringView text, QString *why)
{
    if (text.isEmpty())
        return fail(why, QStringLiteral("empty address"));
    const auto address = text.contains(u':') ? parseIpv6(text) : parseIpv4(text);
    if (!address)
        return fail(why, QStringLiteral("not a numeric IPv4 or IPv6 address"));
    return address;
}

std::optional<qint64> parseNumber(QStringView text, QString *why)
{
    const auto number = parseCount(text);
    if (!number)
        return fail(why, QStringLiteral("not a number"));
    return number;
}

std::optional<quint16> parsePort(QStringView text, QString *why)
{
    const auto port = parseCount(text);
    if (!port)
        return fail(why, QStringLiteral("port is not a number"));
    if (*port < 1 || *port > 65535)
        return fail(why, QStringLiteral("port out of range 1-65535"));
    return quint16(*port);
}

std::optional<Endpoint> parseEndpoint(QStringView text, quint16 defaultPort, QString *why)
{
    if (text.startsWith(u'['))
        return parseBracketedEndpoint(text, defaultPort, why);
    if (text.count(u':') == 1) {
        const qsizetype colon = text.indexOf(u':');
        const auto address = parseAddress(text.first(colon), why);
        if (!address)
            return std::nullopt;
        if (colon + 1 == text.size())
            return fail(why, QStringLiteral("port is missing after ':'"));
        return withPort(*address, text.sliced(colon + 1), defaultPort, why);
    }
    const auto address = parseAddress(text, why);
    if (!address)
        return std::nullopt;
    return Endpoint{*address, defaultPort};
}

std::optional<Subnet> parseCidr(QStringView text, QString *why)
{
    const qsizetype slash = text.lastIndexOf(u'/');
    const auto address = parseAddress(slash < 0 ? text : text.first(slash), why);
    if (!address)
        return std::nullopt;
    const int bits = address->protocol() == QAbstractSocket::IPv4Protocol ? 32 : 128;
    if (slash < 0)
        return Subnet{*address, bits};
    const auto prefix = parseCount(text.sliced(slash + 1));
    if (!prefix)
        return fail(why, QStringLiteral("prefix length is not a number"));
    if (*prefix > bits)
        return fail(why, QStringLiteral("prefix longer than %1 bits").arg(bits));
    return Subnet{maskedAddress(*address, int(*prefix)), int(*prefix)};
}

std::optional<qint64> parseSize(QStringView text, QString *why)
{
    static constexpr std::array<Unit, 3> units{
        {{u"K", qint64(1) << 10}, {u"M", qint64(1) << 20}, {u"G", qint64(1) << 30}}};
    return parseWithUnit(text, units, 1, why);
}

std::optional<std::chrono::milliseconds>
parseDuration(QStringView text, std::chrono::milliseconds bareUnit, QString *why)
{
    // "ms" before "s" and "m": the first suffix that matches wins.
    static constexpr std::array<Unit, 5> units{
        {{u"ms", 1}, {u"s", 1000}, {u"m", 60'000}, {u"h", 3'600'000}, {u"d", 86'400'000}}};
    const auto ms = parseWithUnit(text, units, bareUnit.count(), why);
    if (!ms)
        return std::nullopt;
    return std::chrono::milliseconds(*ms);
}

std::optional<bool> parseBool(QStringView text, QString *why)
{
    static constexpr std::array<const char16_t *, 4> yes{u"true", u"yes", u"on", u"1"};
    static constexpr std::array<const char16_t *, 4> no{u"false", u"no", u"off", u"0"};
    for (const char16_t *word : yes) {
        if (text.compare(QStringView(word), Qt::CaseInsensitive) == 0)
            return true;
    }
    for (const char16_t *word : no) {
        if (text.compare(QStringView(word), Qt::CaseInsensitive) == 0)
            return false;
    }
    return fail(why, QStringLiteral("expected true or false"));
}

QString formatSize(qint64 bytes)
{
    static constexpr std::array<Unit, 3> units{
        {{u"G", qint64(1) << 30}, {u"M", qint64(1) << 20}, {u"K", qint64(1) << 10}}};
    for (const Unit &unit : units) {
        if (bytes != 0 && bytes % unit.factor == 0)
            return QString::number(bytes / unit.factor) + QStringView(unit.suffix);
    }
    return QString::number(bytes);
}

QString formatDuration(std::chrono::milliseconds duration)
{
    static constexpr std::array<Unit, 4> units{
        {{u"d", 86'400'000}, {u"h", 3'600'000}, {u"m", 60'000}, {u"s", 1000}}};
    const qint64 ms = duration.count();
    if (ms == 0)
        return QStringLiteral("0s");
    for (const Unit &unit : units) {
        if (ms % unit.factor == 0)
            return QString::number(ms / unit.factor) + QStringView(unit.suffix);
    }
    return QString::number(ms) + u"ms";
}

QString formatCidr(const Subnet &subnet)
{
    return subnet.first.toString() + u'/' + QString::number(subnet.second);
}

} // namespace Shoal
