#pragma once

#include <QWidget>

class QTableView;

namespace Shoal::Tray {

class EventLogModel;

// The Events tab: the daemon's user-facing event log, newest at the bottom, following new
// events while the view is scrolled to the end.
class EventsPage : public QWidget
{
    Q_OBJECT

public:
    explicit EventsPage(EventLogModel &model, QWidget *parent = nullptr);

    QTableView *view() const { return m_view; }

private:
    QTableView *m_view = nullptr;
};

} // namespace Shoal::Tray
