// Datagrams on a group port, at a fixed time, as the peering runtime handles them:
//  - sent to a group's multicast address: PeerInbox's ladder, once for a keyed group (the
//    fixture's key) and once for an open one, with the seeds' sender a member of both; what it
//    accepts as records to learn goes through PeerAnswerCodec::toResponse into the cache
//    (StoredAnswer::fromReply) and must render cleanly;
//  - sent to this node's own address: UnicastResponder, with one entry in its cache;
//  - and the parts alone: TSIG verification and error responses, replay protection, and the
//    message codec, whose output must decode to the same message and sign to one that verifies.
#include "fuzz/FuzzSupport.h"
#include "fuzz/PeerFixture.h"
#include "fuzz/RenderCheck.h"
#include "service/cache/Cache.h"
#include "service/cache/StoredAnswer.h"
#include "service/common/Clock.h"
#include "service/common/Counters.h"
#include "service/dns/DnsName.h"
#include "service/dns/Message.h"
#include "service/peer/AnswerScheduler.h"
#include "service/peer/AskTracker.h"
#include "service/peer/PeerAnswerCodec.h"
#include "service/peer/PeerInbox.h"
#include "service/peer/PeerMessage.h"
#include "service/peer/PeerTable.h"
#include "service/peer/PrivateDomains.h"
#include "service/peer/ReplayGuard.h"
#include "service/peer/Tsig.h"
#include "service/peer/UnicastResponder.h"
#include "tests/peer/PeerTestSupport.h"

using namespace Shoal;
using Fuzz::require;

namespace {

const ManualClock &clock()
{
    static const ManualClock fixed(Fuzz::peerClockMs);
    return fixed;
}

const GroupKey &key()
{
    static const GroupKey fixed = Fuzz::peerKey();
    return fixed;
}

void requireErrorResponse(QByteArrayView wire, const Tsig::Verification &verification)
{
    const Tsig tsig(clock());
    const QByteArray response = tsig.errorResponse(wire, verification);
    if (verification.result == Tsig::Result::Ok) {
        require(response.isEmpty(), "an error response to a verified request");
        return;
    }
    if (response.isEmpty())
        return; // shorter than a header: nothing to answer
    const Dns::Message parsed = Dns::Message::parse(response);
    require(parsed.ok() && parsed.header.isResponse(), "TSIG error response does not parse");
    if (verification.result == Tsig::Result::BadTime && verification.key) {
        // Signed with our key over the request's MAC, but still carrying the request's time.
        const auto again = tsig.verify(response, key(), verification.record.mac);
        require(again.result == Tsig::Result::BadTime, "signed BADTIME response does not verify");
    }
}

void requireVerification(QByteArrayView wire)
{
    const Tsig tsig(clock());
    const Tsig::Verification verification = tsig.verify(wire, key());
    if (verification.result == Tsig::Result::Ok) {
        require(verification.key && verification.record.mac.size() == Tsig::macSize,
                "verified without the key or a full MAC");
        ReplayGuard guard(clock());
        const auto &record = verification.record;
        require(guard.admit(record.keyName, record.timeSigned, record.mac), "first sight refused");
        require(!guard.admit(record.keyName, record.timeSigned, record.mac), "replay admitted");
    }
    requireErrorResponse(wire, verification);
}

void requireSameMessage(const PeerMessage &a, const PeerMessage &b)
{
    require(a.kind == b.kind && a.sender == b.sender && a.id == b.id, "header fields changed");
    require(a.question.name == b.question.name && a.question.type == b.question.type &&
                a.question.klass == b.question.klass,
            "question changed");
    require(a.rcode == b.rcode && a.answers == b.answers && a.authorities == b.authorities,
            "records changed");
    require(a.presence == b.presence && a.presenceTtl == b.presenceTtl, "presence changed");
}

void requireRoundTrip(const PeerMessage &message)
{
    const std::optional<QByteArray> encoded = message.encode();
    if (!encoded)
        return; // too large once signed: the codec may refuse to send what it accepts
    const PeerMessage::Decoded again = PeerMessage::decode(*encoded);
    require(again.message.has_value(), "an encoded message does not decode");
    requireSameMessage(message, *again.message);
    require(again.message->encode() == encoded, "encoding is not stable");

    QByteArray signedWire = *encoded;
    const Tsig tsig(clock());
    tsig.sign(signedWire, key());
    require(signedWire.size() <= PeerMessage::maxWireSize, "signed message over maxWireSize");
    require(tsig.verify(signedWire, key()).result == Tsig::Result::Ok,
            "a signed message does not verify");
    require(PeerMessage::decode(signedWire).message.has_value(), "signing broke decoding");
}

const QHostAddress keyedGroup(QStringLiteral("239.255.9.9"));
const QHostAddress openGroup(QStringLiteral("239.255.9.10"));
const QHostAddress peerAddress(QStringLiteral("192.0.2.7"));
const QHostAddress ownAddress(QStringLiteral("192.0.2.1"));
constexpr quint16 groupPort = 15353;

// What Peering::onLearn does with records a peer gave us.
void requireLearnable(const PeerMessage &message, Cache &cache)
{
    const QByteArray wire = PeerAnswerCodec::toResponse(message, cache.limits().maxTtl);
    const Dns::Message parsed = Dns::Message::parse(wire);
    require(parsed.ok(), "a learned answer does not parse as a response");
    auto stored = StoredAnswer::fromReply(parsed, wire, clock().nowMs(), cache.limits(),
                                          AnswerSource::peer(QStringLiteral("fuzz-peer")));
    if (!stored)
        return;
    Fuzz::requireRendersCleanly(*stored, clock().nowMs());
    const QByteArray key = stored->key().toByteArray();
    cache.insert(key, std::move(*stored));
}

void receiveMulticast(QByteArrayView wire, Cache &cache)
{
    Counters counters;
    PeerTable table(clock());
    AskTracker asks(16, 2000);
    AnswerScheduler heard(16, 2000);
    PeerInbox inbox(clock(), counters, *NodeId::fromHex("ffeeddccbbaa99887766554433221100"), table,
                    asks, heard);
    inbox.setGroups({Test::joined(u"lab"_qs, key(), keyedGroup, groupPort),
                     Test::joined(u"cafe"_qs, {}, openGroup, groupPort)});
    const NodeId member = *NodeId::fromHex("00112233445566778899aabbccddeeff");
    table.announce(u"lab"_qs, member, peerAddress, groupPort, {}, 180);
    table.announce(u"cafe"_qs, member, peerAddress, groupPort, {}, 180);

    for (const QHostAddress &group : {keyedGroup, openGroup}) {
        const PeerInbox::Verdict verdict = inbox.receive(
            PeerDatagram{wire.toByteArray(), peerAddress, groupPort, group, groupPort});
        require(verdict.outcome != PeerInbox::Outcome::Dropped || !verdict.dropReason.isEmpty(),
                "a datagram dropped without a reason");
        const bool learns =
            verdict.role == PeerInbox::Role::Learn || verdict.role == PeerInbox::Role::OurAnswer;
        if (verdict.outcome == PeerInbox::Outcome::Accepted && learns)
            requireLearnable(verdict.message, cache);
    }
}

// A cache holding www.lab.test A, so a verified unicast query can be answered.
void fillCache(Cache &cache)
{
    // Written out rather than built from MessageBuilder::errorReply, whose OPT record would
    // sit in front of the answer appended to it: header (ID 1, QR RD RA, one question, one
    // answer), the question, and the answer with a pointer to the question name.
    QByteArray reply = QByteArray::fromHex("000181800001000100000000");
    reply += *Dns::nameFromText(u"www.lab.test");
    reply += QByteArray::fromHex("00010001"
                                 "c00c000100010000012c0004c000020a");
    const Dns::Message parsed = Dns::Message::parse(reply);
    auto stored = StoredAnswer::fromReply(parsed, reply, clock().nowMs(), cache.limits(),
                                          AnswerSource::upstream());
    require(stored.has_value(), "the fixed cache entry is refused");
    const QByteArray entryKey = stored->key().toByteArray();
    cache.insert(entryKey, std::move(*stored));
}

void receiveUnicast(QByteArrayView wire, Cache &cache)
{
    Counters counters;
    const PrivateDomains privateDomains({u"corp.test"_qs});
    UnicastResponder responder(cache, clock(), counters, privateDomains);
    const QByteArray reply = responder.respond(
        PeerDatagram{wire.toByteArray(), peerAddress, groupPort, ownAddress, groupPort}, {key()});
    if (reply.isEmpty())
        return;
    const Dns::Message parsed = Dns::Message::parse(reply);
    require(parsed.ok() && parsed.header.isResponse(), "a unicast reply does not parse");
}

// What the peering runtime does with the datagram, against a cache of one entry.
void receiveAsRuntime(QByteArrayView wire)
{
    Counters counters;
    Cache cache(CacheLimits{}, counters, clock());
    fillCache(cache);
    receiveUnicast(wire, cache);
    receiveMulticast(wire, cache);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArrayView wire = Fuzz::bytesView(data, size);
    requireVerification(wire);
    const PeerMessage::Decoded decoded = PeerMessage::decode(wire);
    if (decoded.message)
        requireRoundTrip(*decoded.message);
    receiveAsRuntime(wire);
    return 0;
}
