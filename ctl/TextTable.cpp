#include "ctl/TextTable.h"

#include <algorithm>

namespace Shoal::Ctl {

QList<int> TextTable::columnWidths() const
{
    QList<int> widths(m_headings.size(), 0);
    for (qsizetype i = 0; i < m_headings.size(); ++i)
        widths[i] = int(m_headings[i].size());
    for (const QStringList &row : m_rows) {
        for (qsizetype i = 0; i < row.size() && i < widths.size(); ++i)
            widths[i] = std::max(widths[i], int(row[i].size()));
    }
    return widths;
}

QString TextTable::renderRow(const QStringList &cells, const QList<int> &widths) const
{
    QString line = m_indent;
    for (qsizetype i = 0; i < widths.size(); ++i) {
        const QString cell = cells.value(i);
        const bool last = i + 1 == widths.size();
        line += last ? cell : cell.leftJustified(widths[i] + 2);
    }
    while (line.endsWith(u' '))
        line.chop(1);
    return line + u'\n';
}

QString TextTable::render() const
{
    const QList<int> widths = columnWidths();
    QString text = renderRow(m_headings, widths);
    for (const QStringList &row : m_rows)
        text += renderRow(row, widths);
    return text;
}

} // namespace Shoal::Ctl
