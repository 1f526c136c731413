#include "shared/control/LineFramer.h"

namespace Shoal::Control {

LineFramer::LineFramer(qsizetype maxLineBytes)
    : m_maxLineBytes(maxLineBytes)
{}

void LineFramer::append(QByteArrayView data)
{
    if (m_failed)
        return;
    compact();
    m_buffer.append(data);
}

LineFramer::Result LineFramer::next(QByteArray &line)
{
    if (m_failed)
        return Result::TooLong;
    const qsizetype newline = m_buffer.indexOf('\n', m_start + m_scanned);
    if (newline < 0) {
        m_scanned = m_buffer.size() - m_start;
        return m_scanned > m_maxLineBytes ? fail() : Result::NeedMore;
    }
    qsizetype length = newline - m_start;
    if (length > 0 && m_buffer.at(newline - 1) == '\r')
        --length;
    if (length > m_maxLineBytes)
        return fail();
    line = m_buffer.sliced(m_start, length);
    m_start = newline + 1;
    m_scanned = 0;
    return Result::Line;
}

LineFramer::Result LineFramer::fail()
{
    m_failed = true;
    m_buffer.clear();
    m_start = 0;
    m_scanned = 0;
    return Result::TooLong;
}

void LineFramer::compact()
{
    if (m_start == 0)
        return;
    m_buffer.remove(0, m_start);
    m_start = 0;
}

} // namespace Shoal::Control
