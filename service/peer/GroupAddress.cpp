#include "service/peer/GroupAddress.h"

#include <QCryptographicHash>

namespace Shoal {

namespace {

constexpr quint32 base = 239u << 24 | 255u << 16;
constexpr quint32 firstHost = 1u << 8;     // 239.255.1.0
constexpr quint32 hostCount = 254u * 256u; // up to 239.255.254.255

} // namespace

QHostAddress GroupAddress::forGroup(const QString &group)
{
    const QByteArray digest =
        QCryptographicHash::hash(group.toLower().toUtf8(), QCryptographicHash::Sha256);
    quint32 value = 0;
    for (int i = 0; i < 4; ++i)
        value = value << 8 | quint8(digest[i]);
    return QHostAddress(base + firstHost + value % hostCount);
}

bool GroupAddress::isDerivable(const QHostAddress &address)
{
    bool ok = false;
    const quint32 ip = address.toIPv4Address(&ok);
    return ok && ip >= base + firstHost && ip < base + firstHost + hostCount;
}

} // namespace Shoal
