#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace Shoal::Control {

// Cuts a byte stream into '\n'-terminated lines of bounded length. Bytes are appended as they
// arrive, in pieces of any size; a line split across reads comes out whole. A line longer than
// the limit is an error the owner must end the connection on: the framer then holds nothing
// more and refuses further input, so a peer can never make it grow past limit + one append.
class LineFramer
{
public:
    enum class Result
    {
        Line,
        NeedMore,
        TooLong
    };

    // `maxLineBytes` counts the line's content, without the '\n'.
    explicit LineFramer(qsizetype maxLineBytes);

    void append(QByteArrayView data);

    // The next complete line (without '\n' and a '\r' before it) into `line`.
    Result next(QByteArray &line);

    bool failed() const { return m_failed; }
    qsizetype bufferedBytes() const { return m_buffer.size() - m_start; }

private:
    Result fail();
    void compact();

    qsizetype m_maxLineBytes;
    QByteArray m_buffer;
    qsizetype m_start = 0;   // first byte not yet handed out
    qsizetype m_scanned = 0; // bytes after m_start known to hold no '\n'
    bool m_failed = false;
};

} // namespace Shoal::Control
