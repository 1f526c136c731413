// Datagrams from the peer port and the group multicast addresses: TSIG verification with the
// group key (at a fixed time), the error response a failed request gets, replay protection,
// and the peer message codec. A message that decodes must encode to a message that decodes to
// the same thing, and sign to one that verifies.
#include "fuzz/FuzzSupport.h"
#include "fuzz/PeerFixture.h"
#include "service/common/Clock.h"
#include "service/dns/Message.h"
#include "service/peer/PeerMessage.h"
#include "service/peer/ReplayGuard.h"
#include "service/peer/Tsig.h"

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

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArrayView wire = Fuzz::bytesView(data, size);
    requireVerification(wire);
    const PeerMessage::Decoded decoded = PeerMessage::decode(wire);
    if (decoded.message)
        requireRoundTrip(*decoded.message);
    return 0;
}
