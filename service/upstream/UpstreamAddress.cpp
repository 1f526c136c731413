#include "service/upstream/UpstreamAddress.h"

namespace Shoal {

namespace {

std::optional<quint16> parsePort(QStringView text)
{
    bool ok = false;
    const uint port = text.toUInt(&ok);
    if (!ok || port == 0 || port > 65535)
        return std::nullopt;
    return quint16(port);
}

std::optional<QHostAddress> parseAddress(QStringView text)
{
    QHostAddress address;
    if (text.isEmpty() || !address.setAddress(text.toString()))
        return std::nullopt;
    return address;
}

// "[v6]" or "[v6]:port"
std::optional<UpstreamAddress> parseBracketed(QStringView text)
{
    const qsizetype close = text.indexOf(u']');
    if (close < 0)
        return std::nullopt;
    const auto address = parseAddress(text.sliced(1, close - 1));
    if (!address || address->protocol() != QAbstractSocket::IPv6Protocol)
        return std::nullopt;
    const QStringView rest = text.sliced(close + 1);
    if (rest.isEmpty())
        return UpstreamAddress{*address, 53};
    if (!rest.startsWith(u':'))
        return std::nullopt;
    const auto port = parsePort(rest.sliced(1));
    if (!port)
        return std::nullopt;
    return UpstreamAddress{*address, *port};
}

// "v4" or "v4:port"
std::optional<UpstreamAddress> parseIpv4(QStringView text)
{
    const qsizetype colon = text.indexOf(u':');
    const auto address = parseAddress(colon < 0 ? text : text.first(colon));
    if (!address || address->protocol() != QAbstractSocket::IPv4Protocol)
        return std::nullopt;
    if (colon < 0)
        return UpstreamAddress{*address, 53};
    const auto port = parsePort(text.sliced(colon + 1));
    if (!port)
        return std::nullopt;
    return UpstreamAddress{*address, *port};
}

} // namespace

QString UpstreamAddress::toString() const
{
    const QString host = address.toString();
    if (address.protocol() == QAbstractSocket::IPv6Protocol)
        return u'[' + host + u"]:" + QString::number(port);
    return host + u':' + QString::number(port);
}

std::optional<UpstreamAddress> parseUpstream(QStringView text)
{
    text = text.trimmed();
    if (text.startsWith(u'['))
        return parseBracketed(text);
    if (text.count(u':') > 1) {
        const auto address = parseAddress(text);
        if (!address || address->protocol() != QAbstractSocket::IPv6Protocol)
            return std::nullopt;
        return UpstreamAddress{*address, 53};
    }
    return parseIpv4(text);
}

} // namespace Shoal
