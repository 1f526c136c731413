#pragma once

#include "shared/control/ControlTypes.h"

#include <QList>
#include <QString>

namespace Shoal::Ctl {

// The readable (non --json) output of each shoalctl command, from the decoded daemon answer.
// Pure functions of their input, so tests check the exact text.
class ResultFormatter
{
public:
    static QString status(const Control::Status &status);
    static QString counters(const QList<Control::Counter> &counters);
    static QString peers(const QList<Control::Peer> &peers, qint64 nowMs);
    static QString groups(const QList<Control::Group> &groups);
    static QString cache(const Control::CachePage &page);
    static QString events(const QList<Control::Event> &events);
    static QString eventLine(const Control::Event &event);

private:
    static QString stateLine(const Control::Status &status);
    static QString upstreamTable(const Control::Status &status);
    static QString queryLine(const Control::Totals &totals);
};

} // namespace Shoal::Ctl
