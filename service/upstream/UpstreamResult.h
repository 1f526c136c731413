#pragma once

#include "service/dns/Message.h"

#include <QByteArray>
#include <QString>
#include <cstdint>

namespace Shoal {

// What the Forwarder reports for one question, exactly once per resolve() that is not
// cancelled.
struct UpstreamResult
{
    enum class Status : std::uint8_t
    {
        Answer,          // a validated reply with NOERROR (data or NODATA) or NXDOMAIN
        Timeout,         // every attempt timed out (or the overall deadline passed)
        NetworkError,    // attempts failed on socket errors (and the rest timed out)
        ServerFailure,   // servers answered, but only with SERVFAIL, REFUSED or another error
        AllDown,         // outage: every server is down, failed at once without asking
        NoServers,       // no upstream server is configured
        Overloaded,      // every upstream socket in use, refused at once
        InvalidQuestion, // the name given is not a valid wire-form name
    };

    Status status = Status::Timeout;
    // The reply as received (Answer; ServerFailure: the last error reply, if any). Validated:
    // from the server asked, same ID and question, QR set.
    QByteArray wire;
    Dns::Message parsed;
    int serverIndex = -1; // index into the Forwarder's server list of the server that replied
    QString error;        // for failures: what happened, per attempt, in plain words

    bool isAnswer() const { return status == Status::Answer; }

    // Stable lower-case name: "answer", "timeout", "all-down", ...
    static const char *statusName(Status status);
};

} // namespace Shoal
