#pragma once

#include <QByteArray>
#include <QString>
#include <QStringView>
#include <optional>

namespace Shoal {

// The name of an interest group: 1 to 63 characters of [a-z0-9-], not starting or ending with a
// hyphen. It is one DNS label, so it doubles as the TSIG key name of a keyed group, and it seeds
// the group's multicast address. Input is lower-cased before it is checked, so "Lab" and "lab"
// are the same group.
class GroupName
{
public:
    static constexpr int maxLength = 63;

    // The canonical (lower-case) form of `text`, or nullopt when it is not a valid group name.
    static std::optional<QString> normalized(QStringView text);

    // The name as a one-label DNS name in wire form ("\3lab\0"); `group` must be canonical.
    static QByteArray toWireName(const QString &group);
};

} // namespace Shoal
