#pragma once

#include "service/common/Counters.h"
#include "service/common/LogLimiter.h"
#include "service/dns/DnsTypes.h"
#include "service/dns/Message.h"

#include <QString>
#include <QtGlobal>
#include <cstddef>
#include <cstdint>

namespace Shoal {

class Clock;

// The ladder every client query climbs before the cache or the resolver sees it. Each rung has
// its own counter and chooses deliberately between dropping the packet (when answering could
// feed a loop or a reflection attack, or nothing in it can be trusted) and replying with an
// error code the client can act on. UDP and TCP share this one ladder so the rules cannot drift.
class QueryGate
{
public:
    enum class Verdict : std::uint8_t
    {
        Proceed, // `query` is filled; answer it
        Drop,    // say nothing
        Reply,   // answer with `rcode` and no records
    };
    struct Result
    {
        Verdict verdict = Verdict::Drop;
        Dns::Rcode rcode = Dns::Rcode::NoError;
    };

    QueryGate(Counters &counters, const Clock &clock);

    Result check(const std::uint8_t *data, std::size_t size, Dns::QueryView &query);

    // A client outside loopback and the allowed subnets.
    void countNotAllowed(const char *transport);

private:
    Result drop(quint64 &counter, const char *why);
    Result reply(quint64 &counter, Dns::Rcode rcode, const char *why);
    quint64 &formErrCounter(Dns::ParseError error);
    QString heldBackNote() const;

    Counters &m_counters;
    const Clock &m_clock;
    LogLimiter m_logLimiter;
    quint64 &m_queries;
    quint64 &m_droppedShort;
    quint64 &m_droppedResponse;
    quint64 &m_notImpOpcode;
    quint64 &m_badVersion;
    quint64 &m_refusedTransfer;
    quint64 &m_notAllowed;
};

} // namespace Shoal
