#include "service/peer/GroupName.h"

namespace Shoal {

namespace {

bool isAllowed(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'-';
}

// ASCII only: Unicode case mapping would turn the Kelvin sign into "k" and let two different
// strings name one group.
QChar asciiLower(QChar c)
{
    return c >= u'A' && c <= u'Z' ? QChar(c.unicode() + (u'a' - u'A')) : c;
}

} // namespace

std::optional<QString> GroupName::normalized(QStringView text)
{
    if (text.isEmpty() || text.size() > maxLength)
        return std::nullopt;
    QString lower;
    lower.reserve(text.size());
    for (const QChar c : text) {
        const QChar folded = asciiLower(c);
        if (!isAllowed(folded))
            return std::nullopt;
        lower += folded;
    }
    if (lower.front() == u'-' || lower.back() == u'-')
        return std::nullopt;
    return lower;
}

QByteArray GroupName::toWireName(const QString &group)
{
    const QByteArray label = group.toLatin1();
    QByteArray wire;
    wire += char(label.size());
    wire += label;
    wire += '\0';
    return wire;
}

} // namespace Shoal
