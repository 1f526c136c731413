#include "service/control/EventLog.h"

#include <algorithm>

namespace Shoal {

EventLog::EventLog(int capacity)
    : m_capacity(std::max(1, capacity))
{}

Control::Event EventLog::append(Control::EventKind kind, const QString &subject,
                                const QString &text, qint64 timeMs)
{
    Control::Event event;
    event.id = m_nextId++;
    event.timeMs = timeMs;
    event.kind = kind;
    event.subject = subject;
    event.text = text;
    m_events.push_back(event);
    if (int(m_events.size()) > m_capacity)
        m_events.pop_front();
    return event;
}

QList<Control::Event> EventLog::since(quint64 afterId, int limit) const
{
    QList<Control::Event> events;
    if (afterId >= lastId())
        return events;
    // Ids are consecutive, so the first wanted event's position is known without a search.
    const quint64 firstId = m_events.empty() ? m_nextId : m_events.front().id;
    const quint64 startId = std::max(afterId + 1, firstId);
    for (auto it =
             m_events.begin() + qsizetype(std::min<quint64>(startId - firstId, m_events.size()));
         it != m_events.end() && events.size() < limit; ++it)
        events.append(*it);
    return events;
}

} // namespace Shoal
