#include "service/server/QueryGate.h"

#include "service/common/Clock.h"
#include "shared/LogCategories.h"

namespace Shoal {

QueryGate::QueryGate(Counters &counters, const Clock &clock)
    : m_counters(counters)
    , m_clock(clock)
    , m_queries(counters.counter(u"dns.queries"_qs, u"client queries received"_qs))
    , m_droppedShort(counters.counter(u"dns.dropped.short"_qs,
                                      u"datagrams shorter than a DNS header, dropped"_qs))
    , m_droppedResponse(counters.counter(u"dns.dropped.response"_qs,
                                         u"responses sent to the query port, dropped"_qs))
    , m_notImpOpcode(counters.counter(u"dns.notimp.opcode"_qs,
                                      u"queries with an opcode other than QUERY, NOTIMP"_qs))
    , m_badVersion(
          counters.counter(u"dns.badvers"_qs, u"queries with EDNS version > 0, BADVERS"_qs))
    , m_refusedTransfer(counters.counter(u"dns.refused.zone-transfer"_qs,
                                         u"AXFR/IXFR asked of a stub resolver, REFUSED"_qs))
    , m_notAllowed(counters.counter(u"dns.dropped.not-allowed"_qs,
                                    u"queries from addresses outside loopback and --allow"_qs))
{}

QueryGate::Result QueryGate::check(const std::uint8_t *data, std::size_t size,
                                   Dns::QueryView &query)
{
    ++m_queries;
    if (size < std::size_t(Dns::headerSize))
        return drop(m_droppedShort, "too short for a DNS header");
    const std::uint16_t flags = Dns::readU16(data + 2);
    if (flags & Dns::Flag::QR)
        return drop(m_droppedResponse, "a response, not a query");
    if ((flags & Dns::Flag::OpcodeMask) != 0)
        return reply(m_notImpOpcode, Dns::Rcode::NotImp, "opcode is not QUERY");

    if (const Dns::ParseError error = Dns::parseQuery(data, size, query);
        error != Dns::ParseError::None)
        return reply(formErrCounter(error), Dns::Rcode::FormErr, Dns::parseErrorName(error));
    if (query.hasEdns && query.ednsVersion > 0)
        return reply(m_badVersion, Dns::Rcode::BadVers, "unsupported EDNS version");
    if (query.type == std::uint16_t(Dns::Type::AXFR) ||
        query.type == std::uint16_t(Dns::Type::IXFR))
        return reply(m_refusedTransfer, Dns::Rcode::Refused, "zone transfer");
    return {Verdict::Proceed, Dns::Rcode::NoError};
}

void QueryGate::countNotAllowed(const char *transport)
{
    drop(m_notAllowed, transport);
}

QueryGate::Result QueryGate::drop(quint64 &counter, const char *why)
{
    ++counter;
    if (m_logLimiter.allow(m_clock.nowMs()))
        qCInfo(lcDns).noquote() << "client packet dropped:" << why << heldBackNote();
    return {Verdict::Drop, Dns::Rcode::NoError};
}

QueryGate::Result QueryGate::reply(quint64 &counter, Dns::Rcode rcode, const char *why)
{
    ++counter;
    if (m_logLimiter.allow(m_clock.nowMs()))
        qCInfo(lcDns).noquote() << "client query refused with rcode" << int(rcode) << ":" << why
                                << heldBackNote();
    return {Verdict::Reply, rcode};
}

QString QueryGate::heldBackNote() const
{
    const quint64 heldBack = m_logLimiter.suppressed();
    if (heldBack == 0)
        return {};
    return u"(%1 similar lines held back; see shoalctl counters)"_qs.arg(heldBack);
}

quint64 &QueryGate::formErrCounter(Dns::ParseError error)
{
    // Registered lazily: the counter list only shows reasons that happened.
    return m_counters.counter(u"dns.formerr."_qs + QString::fromLatin1(Dns::parseErrorName(error)),
                              u"malformed queries answered with FORMERR"_qs);
}

} // namespace Shoal
