#pragma once

#include <QString>
#include <QStringView>
#include <optional>

// Record type mnemonics ("AAAA") and the generic form for the rest ("TYPE65534", RFC 3597),
// for showing cache entries and reading the type filter of a cache listing.
namespace Shoal::Control {

QString typeToText(quint16 type);

// Accepts a mnemonic in any case or TYPEn with n in 0..65535; nullopt otherwise.
std::optional<quint16> typeFromText(QStringView text);

} // namespace Shoal::Control
