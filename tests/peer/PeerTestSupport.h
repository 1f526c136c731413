#pragma once

// Small builders shared by the peering tests: keys, nodes, presence and signed messages.

#include "service/common/Clock.h"
#include "service/dns/DnsName.h"
#include "service/peer/GroupKey.h"
#include "service/peer/JoinedGroup.h"
#include "service/peer/NodeId.h"
#include "service/peer/PeerMessage.h"
#include "service/peer/PeerRecord.h"
#include "service/peer/Tsig.h"

#include <QByteArray>
#include <QHostAddress>
#include <QString>

namespace Shoal::Test {

inline GroupKey labKey(const char *secret = "0123456789abcdef0123456789abcdef")
{
    return *GroupKey::fromSecret(u"lab", QByteArray(secret));
}

inline QByteArray wireName(const char *text)
{
    return *Dns::nameFromText(QString::fromLatin1(text));
}

inline Dns::Question question(const char *name, Dns::Type type = Dns::Type::A)
{
    return Dns::Question{wireName(name), std::uint16_t(type), std::uint16_t(Dns::Class::IN)};
}

inline PeerRecord aRecord(const char *name, const char *address = "192.0.2.1", quint32 ttl = 300)
{
    const quint32 ip = QHostAddress(QString::fromLatin1(address)).toIPv4Address();
    QByteArray rdata;
    for (int shift = 24; shift >= 0; shift -= 8)
        rdata += char((ip >> shift) & 0xff);
    return PeerRecord{wireName(name), std::uint16_t(Dns::Type::A), std::uint16_t(Dns::Class::IN),
                      ttl, rdata};
}

inline PeerRecord cnameRecord(const char *name, const char *target, quint32 ttl = 300)
{
    return PeerRecord{wireName(name), std::uint16_t(Dns::Type::CNAME),
                      std::uint16_t(Dns::Class::IN), ttl, wireName(target)};
}

inline PeerPresence presence(const char *host = "ws-1")
{
    PeerPresence p;
    p.hostName = QString::fromLatin1(host);
    p.version = QStringLiteral("0.1.0");
    return p;
}

// The wire form of `message`, signed with `key` when one is given.
inline QByteArray wire(const PeerMessage &message, const Clock &clock,
                       const GroupKey *key = nullptr)
{
    QByteArray bytes = *message.encode();
    if (key)
        Tsig(clock).sign(bytes, *key);
    return bytes;
}

inline JoinedGroup joined(const QString &name, std::optional<GroupKey> key,
                          const QHostAddress &address, quint16 port)
{
    JoinedGroup group;
    group.name = name;
    group.key = std::move(key);
    group.address = address;
    group.port = port;
    return group;
}

} // namespace Shoal::Test
