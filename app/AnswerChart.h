#pragma once

#include <QWidget>

class QPainter;

namespace Shoal::Tray {

class AnswerHistory;

// A small stacked bar chart of answers by source (cache, stale, peers, DNS server, failed)
// over the last minutes, one bar per AnswerHistory bucket, newest on the right, with a legend.
// Painted by hand; it repaints when told the history changed.
class AnswerChart : public QWidget
{
    Q_OBJECT

public:
    explicit AnswerChart(const AnswerHistory &history, QWidget *parent = nullptr);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    void paintLegend(QPainter &painter, const QRect &area) const;
    void paintBars(QPainter &painter, const QRect &area) const;

    const AnswerHistory &m_history;
};

} // namespace Shoal::Tray
