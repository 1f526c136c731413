#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QStringList>

namespace Shoal {

// The domains whose names never leave this node through the groups: they are not asked, not
// answered and not shared (--private-domain). A name is private when it equals one of them or
// lies below it.
class PrivateDomains
{
public:
    PrivateDomains() = default;
    // Presentation names ("corp.test."); ones that are not valid names are left out.
    explicit PrivateDomains(const QStringList &domains);

    bool covers(QByteArrayView wireName) const;
    bool isEmpty() const { return m_domains.isEmpty(); }

private:
    QList<QByteArray> m_domains; // wire form
};

} // namespace Shoal
