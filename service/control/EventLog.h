#pragma once

#include "shared/control/ControlTypes.h"

#include <QList>
#include <deque>

namespace Shoal {

// The user-facing event log: what an operator or the tray should be told ("outage began",
// "peer alpha joined lab"), apart from the developer log. Holds the most recent `capacity`
// events; ids increase by one, so a client that remembers the last id it saw fetches exactly
// what it missed, and can tell from a gap that older events were dropped.
class EventLog
{
public:
    explicit EventLog(int capacity = 1000);

    // Stores the event with the next id and returns it as stored.
    Control::Event append(Control::EventKind kind, const QString &subject, const QString &text,
                          qint64 timeMs);

    // Events with an id above `afterId`, oldest first, at most `limit`.
    QList<Control::Event> since(quint64 afterId, int limit) const;

    quint64 lastId() const { return m_nextId - 1; }
    int size() const { return int(m_events.size()); }

private:
    int m_capacity;
    quint64 m_nextId = 1;
    std::deque<Control::Event> m_events;
};

} // namespace Shoal
