#include "service/config/Endpoint.h"

namespace Shoal {

QString Endpoint::toString() const
{
    const QString host = address.protocol() == QAbstractSocket::IPv6Protocol
                             ? u'[' + address.toString() + u']'
                             : address.toString();
    return host + u':' + QString::number(port);
}

} // namespace Shoal
