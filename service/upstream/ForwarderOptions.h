#pragma once

#include <QtGlobal>

namespace Shoal {

// Tuning of the Forwarder. The defaults suit a LAN resolver; tests shrink the intervals.
struct ForwarderOptions
{
    int maxAttempts = 3;            // per question, across servers
    int deadlineMs = 3000;          // per question, all attempts together
    qint64 recheckStartMs = 30'000; // first recheck after an outage begins (RFC 8767: 30 s)
    qint64 recheckMaxMs = 300'000;  // rechecks back off, doubling, up to this
    quint16 ednsUdpSize = 1232;     // advertised in every query's OPT record
    int maxInFlight = 512;          // upstream sockets open at once, one per open attempt
};

} // namespace Shoal
