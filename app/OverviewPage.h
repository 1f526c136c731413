#pragma once

#include <QWidget>

class QFormLayout;
class QLabel;

namespace Shoal::Tray {

class AnswerChart;
class StatusModel;

// The Overview tab: the state and since when, each upstream DNS server and its health, how
// answers were given (cache, stale, peers, DNS server) and the cache's size, plus a chart of
// answers by source over the last minutes.
class OverviewPage : public QWidget
{
    Q_OBJECT

public:
    explicit OverviewPage(const StatusModel &status, QWidget *parent = nullptr);

private:
    QLabel *addValue(QFormLayout *form, const QString &label, const QString &name);
    void update();
    QString upstreamText() const;
    QString failuresText(int failures) const;
    QString answerText(quint64 count) const;

    const StatusModel &m_status;
    QLabel *m_state = nullptr;
    QLabel *m_upstreams = nullptr;
    QLabel *m_outageSince = nullptr;
    QLabel *m_cacheAnswers = nullptr;
    QLabel *m_staleAnswers = nullptr;
    QLabel *m_peerAnswers = nullptr;
    QLabel *m_upstreamAnswers = nullptr;
    QLabel *m_failures = nullptr;
    QLabel *m_cacheSize = nullptr;
    QLabel *m_daemon = nullptr;
    AnswerChart *m_chart = nullptr;
};

} // namespace Shoal::Tray
