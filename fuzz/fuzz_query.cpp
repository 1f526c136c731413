// Client queries: the bytes a client sends to the stub server. They climb the QueryGate ladder
// (parseQuery inside it); whatever the verdict, the reply the daemon would send must itself be
// a well-formed DNS message, and a query that passes must survive the codec's round trips.
#include "fuzz/FuzzSupport.h"
#include "service/common/Clock.h"
#include "service/common/Counters.h"
#include "service/dns/DnsName.h"
#include "service/dns/Message.h"
#include "service/dns/MessageBuilder.h"
#include "service/server/QueryGate.h"

using namespace Shoal;
using Fuzz::require;

namespace {

void checkParsedQuery(QByteArrayView wire, const Dns::QueryView &query)
{
    Fuzz::requireWireName(query.name.view());
    require(query.questionEnd <= std::size_t(wire.size()), "question ends outside the query");
    require(query.keyView() == Dns::cacheKey(query.name.view(), query.type, query.klass),
            "fast-path key differs from cacheKey()");

    const auto fromText = Dns::nameFromText(Dns::nameToText(query.name.view()));
    require(fromText && *fromText == query.name.view(), "name does not survive text round trip");

    Dns::EdnsParameters edns;
    edns.dnssecOk = query.dnssecOk;
    const QByteArray rebuilt = Dns::MessageBuilder::query(query.header.id, query.name.view(),
                                                          query.type, query.klass, edns);
    Dns::QueryView again;
    require(Dns::parseQuery(reinterpret_cast<const std::uint8_t *>(rebuilt.constData()),
                            std::size_t(rebuilt.size()), again) == Dns::ParseError::None,
            "rebuilt query does not parse");
    require(again.keyView() == query.keyView(), "rebuilt query has another key");
}

void checkReply(QByteArrayView query, const QByteArray &reply, Dns::Rcode rcode)
{
    const Dns::Message message = Dns::Message::parse(reply);
    require(message.ok(), "error reply does not parse");
    require(message.header.isResponse(), "error reply without QR");
    require(message.header.id == Dns::readU16(reinterpret_cast<const std::uint8_t *>(query.data())),
            "error reply with another ID");
    require(message.header.rcode() == (std::uint16_t(rcode) & Dns::Flag::RcodeMask),
            "error reply with another RCODE");
    require(message.questions.size() <= 1, "error reply with several questions");
    require(message.answers.empty() && message.authorities.empty(), "error reply with records");
}

void checkErrorReplies(QByteArrayView wire, const QueryGate::Result &result)
{
    if (wire.size() < Dns::headerSize)
        return;
    const Dns::Rcode rcode =
        result.verdict == QueryGate::Verdict::Reply ? result.rcode : Dns::Rcode::ServFail;
    checkReply(wire, Dns::MessageBuilder::errorReply(wire, rcode), rcode);
    checkReply(wire,
               Dns::MessageBuilder::errorReply(wire, rcode, Dns::EdeCode::NetworkError,
                                               QStringLiteral("upstream unreachable")),
               rcode);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static Counters counters;
    static const ManualClock clock;
    static QueryGate gate(counters, clock);

    const QByteArrayView wire = Fuzz::bytesView(data, size);
    Dns::QueryView query;
    const QueryGate::Result result = gate.check(data, size, query);
    if (result.verdict == QueryGate::Verdict::Proceed)
        checkParsedQuery(wire, query);
    checkErrorReplies(wire, result);
    return 0;
}
