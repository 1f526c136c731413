#pragma once

#include <QHostAddress>
#include <QPair>

namespace Shoal {

// A network and its prefix length, as QHostAddress::isInSubnet() takes it: (192.0.2.0, 24).
using Subnet = QPair<QHostAddress, int>;

} // namespace Shoal
