#include "service/peer/PrivateDomains.h"

#include "service/dns/DnsName.h"

namespace Shoal {

PrivateDomains::PrivateDomains(const QStringList &domains)
{
    for (const QString &domain : domains) {
        if (const std::optional<QByteArray> wire = Dns::nameFromText(domain))
            m_domains.append(Dns::lowercasedName(*wire));
    }
}

bool PrivateDomains::covers(QByteArrayView wireName) const
{
    for (const QByteArray &domain : m_domains) {
        if (Dns::isNameAtOrBelow(wireName, domain))
            return true;
    }
    return false;
}

} // namespace Shoal
