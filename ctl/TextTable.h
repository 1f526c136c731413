#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace Shoal::Ctl {

// Columns aligned with spaces, headings in capitals, as resolvectl and ss print them. The last
// column is not padded, so long data (TXT records) does not push trailing blanks.
class TextTable
{
public:
    explicit TextTable(const QStringList &headings, const QString &indent = {})
        : m_headings(headings)
        , m_indent(indent)
    {}

    void addRow(const QStringList &cells) { m_rows.append(cells); }
    bool isEmpty() const { return m_rows.isEmpty(); }
    QString render() const;

private:
    QList<int> columnWidths() const;
    QString renderRow(const QStringList &cells, const QList<int> &widths) const;

    QStringList m_headings;
    QString m_indent;
    QList<QStringList> m_rows;
};

} // namespace Shoal::Ctl
