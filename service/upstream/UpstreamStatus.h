#pragma once

#include <QHostAddress>

namespace Shoal {

// One upstream server as the control channel shows it: a snapshot, not a live view.
struct UpstreamStatus
{
    QHostAddress address;
    quint16 port = 53;
    double srttMs = 0; // 0 until the first sample (see hasRttSample)
    double rttvarMs = 0;
    bool hasRttSample = false;
    int consecutiveFailures = 0;
    bool up = true;
    qint64 lastSuccessMs = 0; // Clock time; 0: never
    qint64 lastFailureMs = 0; // Clock time; 0: never
    quint64 queriesSent = 0;
    quint64 answers = 0; // valid replies, error codes included
    int timeoutMs = 0;
    int hedgeDelayMs = 0;
};

} // namespace Shoal
