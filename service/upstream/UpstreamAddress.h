#pragma once

#include <QHostAddress>
#include <QString>
#include <QStringView>
#include <optional>

namespace Shoal {

// Where one upstream DNS server listens. An IPv6 link-local address keeps its zone id
// (fe80::1%eth0) in the QHostAddress scope id.
struct UpstreamAddress
{
    QHostAddress address;
    quint16 port = 53;

    // "192.0.2.1:53", "[2001:db8::1]:53", "[fe80::1%eth0]:53": the form parseUpstream reads.
    QString toString() const;

    friend bool operator==(const UpstreamAddress &a, const UpstreamAddress &b)
    {
        return a.port == b.port && a.address.isEqual(b.address, QHostAddress::StrictConversion) &&
               a.address.scopeId() == b.address.scopeId();
    }
};

// Reads "ADDR", "ADDR:PORT" (IPv4), "[ADDR]" or "[ADDR]:PORT" (IPv6), or a bare IPv6 address
// without port. The port defaults to 53 and must be 1..65535. Host names are refused: the
// upstream has to be reachable without DNS.
std::optional<UpstreamAddress> parseUpstream(QStringView text);

} // namespace Shoal
