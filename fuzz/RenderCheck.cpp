#include "fuzz/RenderCheck.h"

#include "fuzz/FuzzSupport.h"
#include "service/cache/AnswerRenderer.h"
#include "service/cache/StoredAnswer.h"
#include "service/dns/Message.h"
#include "service/dns/MessageBuilder.h"

#include <array>

namespace Shoal::Fuzz {

namespace {

constexpr std::uint16_t queryId = 0x5151;

// The stored (lower-case) name with every letter upper-cased, as a client may spell it.
QByteArray clientSpelling(QByteArrayView name)
{
    QByteArray spelled = name.toByteArray();
    for (char &c : spelled) {
        if (c >= 'a' && c <= 'z')
            c = char(c - 'a' + 'A');
    }
    return spelled;
}

Dns::QueryView queryFor(const StoredAnswer &entry, bool withEdns)
{
    const QByteArrayView key = entry.key();
    const QByteArray name = clientSpelling(entry.questionName());
    const auto *fixed = reinterpret_cast<const std::uint8_t *>(key.data()) + name.size();
    Dns::EdnsParameters edns;
    edns.dnssecOk = true;
    const QByteArray wire = Dns::MessageBuilder::query(queryId, name, Dns::readU16(fixed),
                                                       Dns::readU16(fixed + 2), edns);
    Dns::QueryView query;
    require(Dns::parseQuery(reinterpret_cast<const std::uint8_t *>(wire.constData()),
                            std::size_t(wire.size()), query) == Dns::ParseError::None,
            "query built for a stored key does not parse");
    if (!withEdns) {
        query.hasEdns = false;
        query.dnssecOk = false;
    }
    return query;
}

void requireTtls(const Dns::Message &reply, RenderMode mode)
{
    for (const auto *section : {&reply.answers, &reply.authorities, &reply.additionals}) {
        for (const Dns::Record &record : *section) {
            if (mode == RenderMode::Stale)
                require(record.ttl == AnswerRenderer::staleTtl, "stale reply with another TTL");
        }
    }
}

void requireReply(QByteArrayView rendered, const Dns::QueryView &query, RenderMode mode, bool udp)
{
    const Dns::Message reply = Dns::Message::parse(rendered);
    require(reply.ok(), "rendered answer does not parse");
    require(reply.header.id == queryId && reply.header.isResponse(), "rendered header is wrong");
    require(reply.questions.size() == 1 && reply.questions.front().name == query.name.view() &&
                reply.questions.front().type == query.type,
            "rendered question is not the client's");
    require(reply.edns.has_value() == query.hasEdns, "OPT record not mirrored");
    if (udp)
        require(std::size_t(rendered.size()) <= query.maxUdpAnswer(), "UDP answer too large");
    requireTtls(reply, mode);
}

} // namespace

void requireRendersCleanly(const StoredAnswer &entry, qint64 nowMs)
{
    static std::array<std::uint8_t, Dns::maxMessageSize + 512> buffer;
    for (const bool withEdns : {true, false}) {
        const Dns::QueryView query = queryFor(entry, withEdns);
        for (const RenderMode mode : {RenderMode::Fresh, RenderMode::Stale}) {
            for (const bool udp : {true, false}) {
                const std::size_t size = AnswerRenderer::render(entry, query, nowMs, mode,
                                                                buffer.data(), buffer.size(), udp);
                require(size > 0, "renderer refused an entry");
                requireReply({reinterpret_cast<const char *>(buffer.data()), qsizetype(size)},
                             query, mode, udp);
            }
        }
    }
}

} // namespace Shoal::Fuzz
