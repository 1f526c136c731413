#pragma once

#include <QList>
#include <QString>

#include <deque>

namespace Shoal {

// Named event counters: every query served, every packet dropped, by reason. A component
// registers its counters once and keeps the returned reference; counting is then a plain
// increment, cheap enough for the query path. The control channel lists them all by name.
class Counters
{
public:
    struct Entry
    {
        QString name;        // dotted, stable, e.g. "dns.dropped.bad-pointer"
        QString description; // one line for an operator
        quint64 value = 0;
    };

    // The counter called `name`, created at zero if new. The reference stays valid for the
    // lifetime of this object.
    quint64 &counter(const QString &name, const QString &description = {});

    // Current value, 0 for an unknown name.
    quint64 value(const QString &name) const;

    QList<Entry> snapshot() const;

private:
    std::deque<Entry> m_entries; // a deque never moves its elements
};

} // namespace Shoal
