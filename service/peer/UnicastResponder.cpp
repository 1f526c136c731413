#include "service/peer/UnicastResponder.h"

#include "service/cache/AnswerRenderer.h"
#include "service/cache/Cache.h"
#include "service/common/Clock.h"
#include "service/common/Counters.h"
#include "service/dns/MessageBuilder.h"
#include "service/peer/PeerMessage.h"
#include "shared/LogCategories.h"

namespace Shoal {

namespace {

constexpr std::size_t bufferSize = 65536 + 512;

bool isResponse(const QByteArray &datagram)
{
    return datagram.size() >= 3 && (std::uint8_t(datagram[2]) & 0x80);
}

} // namespace

UnicastResponder::UnicastResponder(Cache &cache, const Clock &clock, Counters &counters,
                                   const PrivateDomains &privateDomains)
    : m_cache(cache)
    , m_clock(clock)
    , m_tsig(clock)
    , m_private(privateDomains)
    , m_buffer(std::make_unique<std::uint8_t[]>(bufferSize))
    , m_answered(counters.counter(u"peer.unicast.answered"_qs,
                                  u"signed queries on the peer port answered from the cache"_qs))
    , m_notCached(counters.counter(u"peer.unicast.not-cached"_qs,
                                   u"signed queries on the peer port for names not cached"_qs))
    , m_refused(
          counters.counter(u"peer.unicast.refused"_qs,
                           u"queries on the peer port refused: private name or not a query"_qs))
    , m_tsigFailed(counters.counter(u"peer.unicast.tsig-failed"_qs,
                                    u"queries on the peer port that failed TSIG (error reply)"_qs))
    , m_tooLarge(counters.counter(u"peer.unicast.dropped.too-large"_qs,
                                  u"datagrams to the peer port over 1400 bytes, dropped"_qs))
    , m_rateLimited(counters.counter(u"peer.unicast.dropped.rate-limited"_qs,
                                     u"datagrams to the peer port over the rate limit, dropped"_qs))
    , m_notQuery(counters.counter(u"peer.unicast.dropped.response"_qs,
                                  u"responses sent to the peer port, dropped"_qs))
{}

UnicastResponder::~UnicastResponder() = default;

QByteArray UnicastResponder::respond(const PeerDatagram &datagram, const QList<GroupKey> &keys)
{
    if (datagram.data.size() > PeerMessage::maxWireSize)
        return drop(m_tooLarge, "too-large", datagram);
    if (!m_limiter.allow(PeerRateLimiter::keyFor(datagram.source), m_clock.nowMs()))
        return drop(m_rateLimited, "rate-limited", datagram);
    if (isResponse(datagram.data))
        return drop(m_notQuery, "response", datagram);
    const Tsig::Verification verification = m_tsig.verify(datagram.data, keys);
    if (verification.result != Tsig::Result::Ok) {
        ++m_tsigFailed;
        if (m_log.allow(m_clock.nowMs()))
            qCInfo(lcPeer).noquote()
                << "peer port query refused:" << Tsig::resultName(verification.result) << "from"
                << datagram.source.toString();
        return m_tsig.errorResponse(datagram.data, verification);
    }
    return answerVerified(datagram.data, verification);
}

QByteArray UnicastResponder::answerVerified(const QByteArray &request,
                                            const Tsig::Verification &verification)
{
    Dns::QueryView query;
    const auto *bytes = reinterpret_cast<const std::uint8_t *>(request.constData());
    if (Dns::parseQuery(bytes, std::size_t(request.size()), query) != Dns::ParseError::None)
        return signedError(request, verification, std::uint16_t(Dns::Rcode::FormErr), {});
    if (query.header.opcode() != Dns::Opcode::Query || m_private.covers(query.name.view())) {
        ++m_refused;
        return signedError(request, verification, std::uint16_t(Dns::Rcode::Refused), {});
    }
    const qint64 now = m_clock.nowMs();
    const StoredAnswer *entry = m_cache.find(query.keyView());
    if (!entry || now >= entry->staleUntilMs) {
        ++m_notCached;
        return signedError(request, verification, std::uint16_t(Dns::Rcode::ServFail),
                           u"not in this node's cache"_qs);
    }
    // Leave room for the TSIG record within what the client accepts.
    if (query.hasEdns)
        query.udpPayloadSize =
            std::uint16_t(qMax(512, int(query.udpPayloadSize) - Tsig::maxRecordSize));
    const RenderMode mode = now < entry->expiresAtMs ? RenderMode::Fresh : RenderMode::Stale;
    const std::size_t size =
        AnswerRenderer::render(*entry, query, now, mode, m_buffer.get(), bufferSize, true);
    if (size == 0)
        return signedError(request, verification, std::uint16_t(Dns::Rcode::ServFail), {});
    QByteArray reply(reinterpret_cast<const char *>(m_buffer.get()), qsizetype(size));
    m_tsig.sign(reply, *verification.key, verification.record.mac);
    ++m_answered;
    return reply;
}

QByteArray UnicastResponder::signedError(const QByteArray &request,
                                         const Tsig::Verification &verification,
                                         std::uint16_t rcode, const QString &why)
{
    QByteArray reply = why.isEmpty() ? Dns::MessageBuilder::errorReply(request, Dns::Rcode(rcode))
                                     : Dns::MessageBuilder::errorReply(request, Dns::Rcode(rcode),
                                                                       Dns::EdeCode::Other, why);
    if (!reply.isEmpty())
        m_tsig.sign(reply, *verification.key, verification.record.mac);
    return reply;
}

QByteArray UnicastResponder::drop(quint64 &counter, const char *reason,
                                  const PeerDatagram &datagram)
{
    ++counter;
    if (m_log.allow(m_clock.nowMs()))
        qCInfo(lcPeer).noquote() << "peer port datagram dropped:" << reason << "from"
                                 << datagram.source.toString();
    return {};
}

} // namespace Shoal
