#pragma once

#include "service/config/Endpoint.h"
#include "service/config/Subnet.h"

#include <QHostAddress>
#include <QString>
#include <QStringView>
#include <QtGlobal>
#include <chrono>
#include <optional>

namespace Shoal {

// Readers of the value forms the configuration uses, shared by the command line, the
// configuration file and anyone else who reads the same forms. Each returns nullopt for a bad
// value and, when `why` is given, says in a few words what is wrong with it (without repeating
// the value; the caller names the option and the value).

// A numeric IP address: dotted-quad IPv4 (four decimal parts, no leading zeros, so nothing
// reads as octal) or IPv6, with an optional scope ("fe80::1%eth0"). Host names are refused.
std::optional<QHostAddress> parseAddress(QStringView text, QString *why = nullptr);

// Plain decimal digits (no sign, spaces or hex), at most 18 of them.
std::optional<qint64> parseNumber(QStringView text, QString *why = nullptr);

// A port from 1 to 65535.
std::optional<quint16> parsePort(QStringView text, QString *why = nullptr);

// "192.0.2.1:5300", "[2001:db8::1]:5300", or a bare "192.0.2.1", "2001:db8::1",
// "[2001:db8::1]" meaning defaultPort.
std::optional<Endpoint> parseEndpoint(QStringView text, quint16 defaultPort,
                                      QString *why = nullptr);

// "192.0.2.0/24", "2001:db8::/32", or a bare address meaning that one host (/32, /128).
std::optional<Subnet> parseCidr(QStringView text, QString *why = nullptr);

// A byte count: digits with an optional K, M or G suffix (binary: 1K = 1024), any case.
std::optional<qint64> parseSize(QStringView text, QString *why = nullptr);

// A duration: digits with an optional unit ms, s, m, h or d; bare digits count in bareUnit.
std::optional<std::chrono::milliseconds>
parseDuration(QStringView text, std::chrono::milliseconds bareUnit, QString *why = nullptr);

// true/false, yes/no, on/off, 1/0, any case.
std::optional<bool> parseBool(QStringView text, QString *why = nullptr);

// The shortest form the parsers above read back: "32M", "400ms", "1d", "192.0.2.0/24".
QString formatSize(qint64 bytes);
QString formatDuration(std::chrono::milliseconds duration);
QString formatCidr(const Subnet &subnet);

} // namespace Shoal
