#pragma once

#include <QTimer>
#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QShowEvent;
class QTableView;

namespace Shoal::Tray {

class CacheTableModel;
class DaemonConnection;

// The Cache tab: the daemon's cache, filtered by name (as you type) and stale-only, sorted by
// clicking a column header, fetched page by page as you scroll. Stale entries are shown in
// italics, entries learned from peers on a blue background. Flushes the selected names or the
// whole cache, after asking; refusals are shown in words. The list is loaded again each time
// the tab is shown, since the cache changes with every query and the daemon sends no event
// for that.
class CachePage : public QWidget
{
    Q_OBJECT

public:
    CachePage(CacheTableModel &model, DaemonConnection &connection, QWidget *parent = nullptr);

    QTableView *view() const { return m_view; }
    QLineEdit *filterEdit() const { return m_filter; }
    QPushButton *flushSelectedButton() const { return m_flushSelected; }
    QPushButton *flushAllButton() const { return m_flushAll; }

    // Names of the selected entries, each once.
    QStringList selectedNames() const;
    void flushSelected();
    void flushAll();

signals:
    // A flush finished; `message` is what the user was told.
    void flushFinished(bool ok, const QString &message);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void sendFlush(const QStringList &names);
    void updateSummary();
    void updateButtons();

    CacheTableModel &m_model;
    DaemonConnection &m_connection;
    QLineEdit *m_filter = nullptr;
    QCheckBox *m_staleOnly = nullptr;
    QTableView *m_view = nullptr;
    QLabel *m_summary = nullptr;
    QPushButton *m_refresh = nullptr;
    QPushButton *m_flushSelected = nullptr;
    QPushButton *m_flushAll = nullptr;
    QTimer m_filterDelay;
};

} // namespace Shoal::Tray
