#pragma once

#include "service/common/LogLimiter.h"
#include "service/peer/GroupKey.h"
#include "service/peer/PeerDatagram.h"
#include "service/peer/PeerRateLimiter.h"
#include "service/peer/PrivateDomains.h"
#include "service/peer/Tsig.h"

#include <QByteArray>
#include <QList>
#include <cstdint>
#include <memory>

namespace Shoal {

class Cache;
class Clock;
class Counters;

// Answers DNS queries sent to this node's own address on a group port, so an operator can ask
// a member what it holds: `dig -k lab.key @host -p 15353 name`. Only a query signed with the
// key of a keyed group is answered, from the cache (fresh, or stale with a 30 s TTL), and the
// reply is signed with the request's MAC as RFC 8945 asks. A query that fails verification gets
// Tsig::errorResponse (REFUSED unsigned, NOTAUTH with BADKEY/BADSIG/BADTIME), never an answer.
// A name not in the cache gets SERVFAIL, a private name REFUSED, both signed; responses and
// oversized or rate-limited datagrams are dropped without a reply.
class UnicastResponder
{
public:
    UnicastResponder(Cache &cache, const Clock &clock, Counters &counters,
                     const PrivateDomains &privateDomains);
    ~UnicastResponder();

    // The reply to send back to the datagram's source; empty: send nothing.
    QByteArray respond(const PeerDatagram &datagram, const QList<GroupKey> &keys);

private:
    QByteArray answerVerified(const QByteArray &request, const Tsig::Verification &verification);
    QByteArray signedError(const QByteArray &request, const Tsig::Verification &verification,
                           std::uint16_t rcode, const QString &why);
    QByteArray drop(quint64 &counter, const char *reason, const PeerDatagram &datagram);

    Cache &m_cache;
    const Clock &m_clock;
    Tsig m_tsig;
    const PrivateDomains &m_private;
    PeerRateLimiter m_limiter;
    std::unique_ptr<std::uint8_t[]> m_buffer;
    LogLimiter m_log{5, 60'000};

    quint64 &m_answered;
    quint64 &m_notCached;
    quint64 &m_refused;
    quint64 &m_tsigFailed;
    quint64 &m_tooLarge;
    quint64 &m_rateLimited;
    quint64 &m_notQuery;
};

} // namespace Shoal
