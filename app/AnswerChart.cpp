#include "app/AnswerChart.h"

#include "app/AnswerHistory.h"

#include <QColor>
#include <QFontMetrics>
#include <QLocale>
#include <QPaintEvent>
#include <QPainter>
#include <array>

namespace Shoal::Tray {

namespace {

constexpr int legendHeight = 22;
constexpr int margin = 6;

// One stacked part of a bar: its colour, its legend (translated when drawn), its value.
struct Series
{
    QColor color;
    const char *label;
    quint64 AnswerHistory::Bucket::*value;
};

const std::array<Series, 5> &series()
{
    static const std::array<Series, 5> all{{
        {QColor(0x23, 0x88, 0x4a), QT_TRANSLATE_NOOP("Shoal::Tray::AnswerChart", "cache"),
         &AnswerHistory::Bucket::cache},
        {QColor(0xd9, 0x8a, 0x00), QT_TRANSLATE_NOOP("Shoal::Tray::AnswerChart", "stale"),
         &AnswerHistory::Bucket::stale},
        {QColor(0x2f, 0x6f, 0xc8), QT_TRANSLATE_NOOP("Shoal::Tray::AnswerChart", "peers"),
         &AnswerHistory::Bucket::peers},
        {QColor(0x8a, 0x8a, 0x8a), QT_TRANSLATE_NOOP("Shoal::Tray::AnswerChart", "DNS server"),
         &AnswerHistory::Bucket::upstream},
        {QColor(0xb3, 0x26, 0x26), QT_TRANSLATE_NOOP("Shoal::Tray::AnswerChart", "failed"),
         &AnswerHistory::Bucket::failures},
    }};
    return all;
}

} // namespace

AnswerChart::AnswerChart(const AnswerHistory &history, QWidget *parent)
    : QWidget(parent)
    , m_history(history)
{
    setAccessibleName(tr("Answers by source over the last minutes"));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

QSize AnswerChart::sizeHint() const
{
    return {420, 160};
}

QSize AnswerChart::minimumSizeHint() const
{
    return {200, 90};
}

void AnswerChart::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.fillRect(rect(), palette().base());
    const QRect inner = rect().adjusted(margin, margin, -margin, -margin);
    paintLegend(painter, inner.adjusted(0, 0, 0, -(inner.height() - legendHeight)));
    paintBars(painter, inner.adjusted(0, legendHeight + margin, 0, 0));
}

void AnswerChart::paintLegend(QPainter &painter, const QRect &area) const
{
    const QFontMetrics metrics(font());
    int x = area.left();
    painter.setPen(palette().color(QPalette::Text));
    for (const Series &entry : series()) {
        const QString label = tr(entry.label);
        painter.fillRect(QRect(x, area.top() + 5, 12, 12), entry.color);
        x += 16;
        painter.drawText(QRect(x, area.top(), metrics.horizontalAdvance(label) + 2, legendHeight),
                         Qt::AlignLeft | Qt::AlignVCenter, label);
        x += metrics.horizontalAdvance(label) + 14;
    }
    const QString peak = tr("peak %1 per %2 s")
                             .arg(QLocale().toString(m_history.largestBucket()))
                             .arg(m_history.bucketMs() / 1000);
    painter.drawText(area, Qt::AlignRight | Qt::AlignVCenter, peak);
}

void AnswerChart::paintBars(QPainter &painter, const QRect &area) const
{
    painter.setPen(palette().color(QPalette::Mid));
    painter.drawLine(area.bottomLeft(), area.bottomRight());
    const auto buckets = m_history.buckets();
    const quint64 largest = m_history.largestBucket();
    if (buckets.isEmpty() || largest == 0 || area.height() <= 0)
        return;
    const double slot = double(area.width()) / m_history.bucketCount();
    const int barWidth = std::max(1, int(slot) - 2);
    const int offset = m_history.bucketCount() - int(buckets.size());
    for (int i = 0; i < buckets.size(); ++i) {
        const int x = area.left() + int((offset + i) * slot) + 1;
        int y = area.bottom();
        for (const Series &entry : series()) {
            const quint64 value = buckets[i].*entry.value;
            const int height = int(double(value) / double(largest) * area.height());
            if (height <= 0)
                continue;
            painter.fillRect(QRect(x, y - height + 1, barWidth, height), entry.color);
            y -= height;
        }
    }
}

} // namespace Shoal::Tray
