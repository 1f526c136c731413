#pragma once

#include <QWidget>

class QLabel;
class QTableView;

namespace Shoal::Tray {

class PeerTableModel;

// The Peers tab: every peer daemon heard in this node's groups, live.
class PeersPage : public QWidget
{
    Q_OBJECT

public:
    explicit PeersPage(PeerTableModel &model, QWidget *parent = nullptr);

    QTableView *view() const { return m_view; }

private:
    void updateSummary();

    PeerTableModel &m_model;
    QTableView *m_view = nullptr;
    QLabel *m_summary = nullptr;
};

} // namespace Shoal::Tray
