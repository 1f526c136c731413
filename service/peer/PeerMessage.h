#pragma once

#include "service/dns/DnsTypes.h"
#include "service/dns/Message.h"
#include "service/dns/ParseError.h"
#include "service/peer/NodeId.h"
#include "service/peer/PeerPresence.h"
#include "service/peer/PeerRecord.h"

#include <QByteArray>
#include <QByteArrayView>
#include <cstdint>
#include <optional>
#include <vector>

namespace Shoal {

enum class PeerMessageKind : std::uint8_t
{
    Ask = 1,      // a question to the group
    Answer = 2,   // the reply to an Ask, multicast so every member learns it
    Share = 3,    // an upstream answer offered to the group unasked
    Announce = 4, // presence: I am here, this is my state
    Goodbye = 5,  // presence: I am leaving the group
};

// How the peer protocol maps onto DNS messages (docs/protocol.md tells the whole story).
// Every message is an opcode QUERY message with an OPT record holding the Shoal option
// (EDNS option code 65353, from the local/experimental range): protocol version, message kind
// and the sender's node id. In a keyed group a TSIG record follows; signing and verifying is
// Tsig's job, not this codec's, and decode() ignores the TSIG record.
//
//   Ask       QR=0, ID random and non-zero, one question, nothing else
//   Answer    QR=1, ID and question of the Ask, RCODE NOERROR or NXDOMAIN, answer and
//             authority records
//   Share     QR=1, ID 0, the question the sender asked upstream, its answer as above
//   Announce  QR=1 AA=1, ID 0, no question, one TXT record "<node-id>._shoal." whose TTL is how
//             long to keep the sender without news, and whose text is PeerPresence
//   Goodbye   as Announce, TTL 0 (the mDNS goodbye of RFC 6762 section 10.1)
//
// decode() checks all of that; it does not check that an Answer's records match its question,
// nor caps TTLs: that is the receiver's policy.
struct PeerMessage
{
    static constexpr std::uint16_t optionCode = 65353;
    static constexpr std::uint8_t protocolVersion = 1;
    static constexpr int optionSize = 2 + NodeId::size;
    // The largest datagram sent or accepted: fits a 1500-byte Ethernet frame under IPv4 and
    // IPv6, so peer messages are never fragmented. Encoding leaves room for a TSIG record.
    static constexpr int maxWireSize = 1400;
    static constexpr std::uint32_t maxPresenceTtl = 3 * 3600;

    enum class DecodeError : std::uint8_t
    {
        None,
        TooLarge,       // over maxWireSize
        Parse,          // not a well-formed DNS message (see parseError)
        BadOpcode,      // not opcode QUERY
        NoShoalOption,  // no OPT record or no Shoal option in it
        BadShoalOption, // repeated, wrong length, or an all-zero node id
        UnknownVersion, // a protocol version this node does not speak
        UnknownKind,    // a message kind this node does not know
        BadLayout,      // flags, ID or section counts that do not fit the kind
        BadRecord,      // an answer or authority record whose RDATA does not fit its type
        BadPresence,    // an Announce or Goodbye whose TXT record is wrong
    };
    static const char *decodeErrorName(DecodeError error);

    struct Decoded; // defined below, once PeerMessage is complete

    PeerMessageKind kind = PeerMessageKind::Ask;
    NodeId sender;
    std::uint16_t id = 0;
    Dns::Question question;                 // Ask, Answer, Share
    Dns::Rcode rcode = Dns::Rcode::NoError; // Answer, Share
    std::vector<PeerRecord> answers;        // Answer, Share
    std::vector<PeerRecord> authorities;    // Answer, Share
    PeerPresence presence;                  // Announce, Goodbye
    std::uint32_t presenceTtl = 0;          // Announce: seconds to keep the sender

    static PeerMessage ask(const NodeId &sender, std::uint16_t id, const Dns::Question &question);
    static PeerMessage answer(const PeerMessage &ask, const NodeId &sender, Dns::Rcode rcode,
                              std::vector<PeerRecord> answers,
                              std::vector<PeerRecord> authorities = {});
    static PeerMessage share(const NodeId &sender, const Dns::Question &question, Dns::Rcode rcode,
                             std::vector<PeerRecord> answers,
                             std::vector<PeerRecord> authorities = {});
    static PeerMessage announce(const NodeId &sender, const PeerPresence &presence,
                                std::uint32_t holdSeconds);
    static PeerMessage goodbye(const NodeId &sender, const PeerPresence &presence);

    // The wire form, without TSIG; nullopt when the message is invalid (null sender, bad
    // presence fields, ...) or would not fit maxWireSize once signed.
    std::optional<QByteArray> encode() const;
    static Decoded decode(QByteArrayView wire);

    // "<32 hex digits>._shoal." in wire form: the owner of the presence record.
    static QByteArray presenceOwner(const NodeId &node);
};

// The outcome of PeerMessage::decode(): the message, or why it was refused.
struct PeerMessage::Decoded
{
    std::optional<PeerMessage> message;
    DecodeError error = DecodeError::None;
    Dns::ParseError parseError = Dns::ParseError::None; // the detail when error is Parse
};

} // namespace Shoal
