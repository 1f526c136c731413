#include "service/common/Counters.h"

namespace Shoal {

quint64 &Counters::counter(const QString &name, const QString &description)
{
    for (Entry &entry : m_entries) {
        if (entry.name == name)
            return entry.value;
    }
    m_entries.push_back({name, description, 0});
    return m_entries.back().value;
}

quint64 Counters::value(const QString &name) const
{
    for (const Entry &entry : m_entries) {
        if (entry.name == name)
            return entry.value;
    }
    return 0;
}

QList<Counters::Entry> Counters::snapshot() const
{
    return QList<Entry>(m_entries.begin(), m_entries.end());
}

} // namespace Shoal
