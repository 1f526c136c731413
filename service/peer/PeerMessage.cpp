#include "service/peer/PeerMessage.h"

#include "service/dns/DnsName.h"
#include "service/peer/Tsig.h"

namespace Shoal {

namespace {

using Dns::Flag::AA;
using Dns::Flag::QR;
using Kind = PeerMessageKind;
using DecodeError = PeerMessage::DecodeError;

void appendU16(QByteArray &out, std::uint16_t value)
{
    out += char(value >> 8);
    out += char(value & 0xff);
}

void appendU32(QByteArray &out, std::uint32_t value)
{
    appendU16(out, std::uint16_t(value >> 16));
    appendU16(out, std::uint16_t(value & 0xffff));
}

bool isResponseKind(Kind kind)
{
    return kind != Kind::Ask;
}
bool isPresenceKind(Kind kind)
{
    return kind == Kind::Announce || kind == Kind::Goodbye;
}

bool isWireName(QByteArrayView name)
{
    Dns::NameBuffer buffer;
    std::size_t pos = 0;
    return Dns::readName(reinterpret_cast<const std::uint8_t *>(name.data()),
                         std::size_t(name.size()), pos, buffer) == Dns::ParseError::None &&
           pos == std::size_t(name.size());
}

bool isAnswerRcode(Dns::Rcode rcode)
{
    return rcode == Dns::Rcode::NoError || rcode == Dns::Rcode::NxDomain;
}

QByteArray shoalOption(const PeerMessage &message)
{
    QByteArray option;
    appendU16(option, PeerMessage::optionCode);
    appendU16(option, PeerMessage::optionSize);
    option += char(PeerMessage::protocolVersion);
    option += char(message.kind);
    option += message.sender.bytes();
    return option;
}

void appendOpt(QByteArray &out, const PeerMessage &message)
{
    const QByteArray option = shoalOption(message);
    out += '\0'; // root owner
    appendU16(out, std::uint16_t(Dns::Type::OPT));
    appendU16(out, PeerMessage::maxWireSize); // the UDP payload we accept
    appendU32(out, 0);                        // extended RCODE, version 0, no flags
    appendU16(out, std::uint16_t(option.size()));
    out += option;
}

bool canEncode(const PeerMessage &m)
{
    if (m.sender.isNull())
        return false;
    if (isPresenceKind(m.kind)) {
        const bool ttlOk = m.kind == Kind::Goodbye ||
                           (m.presenceTtl > 0 && m.presenceTtl <= PeerMessage::maxPresenceTtl);
        return m.presence.isValid() && ttlOk;
    }
    if (!isWireName(m.question.name))
        return false;
    if (m.kind == Kind::Ask)
        return m.id != 0;
    const bool idOk = m.kind == Kind::Share ? m.id == 0 : m.id != 0;
    return idOk && isAnswerRcode(m.rcode);
}

std::uint16_t headerFlags(const PeerMessage &m)
{
    if (m.kind == Kind::Ask)
        return 0;
    if (isPresenceKind(m.kind))
        return QR | AA;
    return QR | std::uint16_t(m.rcode);
}

void appendQuestion(QByteArray &out, const Dns::Question &question)
{
    out += question.name;
    appendU16(out, question.type);
    appendU16(out, question.klass);
}

void appendBody(QByteArray &out, const PeerMessage &m)
{
    if (isPresenceKind(m.kind)) {
        const std::uint32_t ttl = m.kind == Kind::Goodbye ? 0 : m.presenceTtl;
        PeerRecord{PeerMessage::presenceOwner(m.sender), std::uint16_t(Dns::Type::TXT),
                   std::uint16_t(Dns::Class::IN), ttl, m.presence.toTxtRdata()}
            .appendTo(out);
        return;
    }
    appendQuestion(out, m.question);
    for (const PeerRecord &record : m.answers)
        record.appendTo(out);
    for (const PeerRecord &record : m.authorities)
        record.appendTo(out);
}

// The checks of decode(), one rung each; the first that fails names the drop reason.
class Decoder
{
public:
    explicit Decoder(QByteArrayView wire)
        : m_wire(wire)
        , m_parsed(Dns::Message::parse(wire))
    {}

    PeerMessage::Decoded run()
    {
        PeerMessage::Decoded out;
        out.error = check();
        out.parseError = m_parsed.error;
        if (out.error == DecodeError::None)
            out.message = std::move(m_message);
        return out;
    }

private:
    DecodeError check()
    {
        if (m_wire.size() > PeerMessage::maxWireSize)
            return DecodeError::TooLarge;
        if (!m_parsed.ok())
            return DecodeError::Parse;
        if (m_parsed.header.opcode() != Dns::Opcode::Query)
            return DecodeError::BadOpcode;
        if (const DecodeError error = readOption(); error != DecodeError::None)
            return error;
        if (!layoutFits())
            return DecodeError::BadLayout;
        if (isPresenceKind(m_message.kind))
            return readPresence() ? DecodeError::None : DecodeError::BadPresence;
        return readAnswers() ? DecodeError::None : DecodeError::BadRecord;
    }

    DecodeError readOption()
    {
        if (!m_parsed.edns)
            return DecodeError::NoShoalOption;
        const Dns::EdnsOption *found = nullptr;
        for (const Dns::EdnsOption &option : m_parsed.edns->options) {
            if (option.code != PeerMessage::optionCode)
                continue;
            if (found)
                return DecodeError::BadShoalOption;
            found = &option;
        }
        if (!found)
            return DecodeError::NoShoalOption;
        if (found->data.isEmpty())
            return DecodeError::BadShoalOption;
        if (std::uint8_t(found->data[0]) != PeerMessage::protocolVersion)
            return DecodeError::UnknownVersion;
        if (found->data.size() != PeerMessage::optionSize)
            return DecodeError::BadShoalOption;
        const auto kind = std::uint8_t(found->data[1]);
        if (kind < std::uint8_t(Kind::Ask) || kind > std::uint8_t(Kind::Goodbye))
            return DecodeError::UnknownKind;
        const std::optional<NodeId> sender = NodeId::fromBytes(found->data.sliced(2));
        if (!sender)
            return DecodeError::BadShoalOption;
        m_message.kind = Kind(kind);
        m_message.sender = *sender;
        return DecodeError::None;
    }

    bool layoutFits()
    {
        const Dns::Header &h = m_parsed.header;
        const Kind kind = m_message.kind;
        if (h.isResponse() != isResponseKind(kind) || h.isTruncated() ||
            m_parsed.edns->extendedRcode != 0 || !m_parsed.additionals.empty())
            return false;
        m_message.id = h.id;
        if (isPresenceKind(kind))
            return h.id == 0 && h.questionCount == 0 && h.answerCount == 1 &&
                   h.authorityCount == 0 && h.rcode() == 0;
        if (h.questionCount != 1)
            return false;
        m_message.question = m_parsed.questions.front();
        if (kind == Kind::Ask)
            return h.id != 0 && h.answerCount == 0 && h.authorityCount == 0 && h.rcode() == 0;
        m_message.rcode = Dns::Rcode(h.rcode());
        const bool idOk = kind == Kind::Share ? h.id == 0 : h.id != 0;
        return idOk && isAnswerRcode(m_message.rcode);
    }

    bool readPresence()
    {
        const Dns::Record &record = m_parsed.answers.front();
        if (record.type != std::uint16_t(Dns::Type::TXT) ||
            record.klass != std::uint16_t(Dns::Class::IN) ||
            Dns::lowercasedName(record.name) != PeerMessage::presenceOwner(m_message.sender))
            return false;
        const bool goodbye = m_message.kind == Kind::Goodbye;
        if (goodbye ? record.ttl != 0
                    : (record.ttl == 0 || record.ttl > PeerMessage::maxPresenceTtl))
            return false;
        const auto presence =
            PeerPresence::fromTxtRdata(m_wire.sliced(record.rdataOffset, record.rdataLength));
        if (!presence)
            return false;
        m_message.presence = *presence;
        m_message.presenceTtl = record.ttl;
        return true;
    }

    bool readAnswers()
    {
        return readRecords(m_parsed.answers, m_message.answers) &&
               readRecords(m_parsed.authorities, m_message.authorities);
    }

    bool readRecords(const std::vector<Dns::Record> &records, std::vector<PeerRecord> &out)
    {
        for (const Dns::Record &record : records) {
            std::optional<PeerRecord> peerRecord = PeerRecord::fromMessage(m_wire, record);
            if (!peerRecord)
                return false;
            out.push_back(std::move(*peerRecord));
        }
        return true;
    }

    QByteArrayView m_wire;
    Dns::Message m_parsed;
    PeerMessage m_message;
};

} // namespace

const char *PeerMessage::decodeErrorName(DecodeError error)
{
    switch (error) {
    case DecodeError::None:
        return "none";
    case DecodeError::TooLarge:
        return "too-large";
    case DecodeError::Parse:
        return "malformed";
    case DecodeError::BadOpcode:
        return "bad-opcode";
    case DecodeError::NoShoalOption:
        return "no-shoal-option";
    case DecodeError::BadShoalOption:
        return "bad-shoal-option";
    case DecodeError::UnknownVersion:
        return "unknown-version";
    case DecodeError::UnknownKind:
        return "unknown-kind";
    case DecodeError::BadLayout:
        return "bad-layout";
    case DecodeError::BadRecord:
        return "bad-record";
    case DecodeError::BadPresence:
        break;
    }
    return "bad-presence";
}

PeerMessage PeerMessage::ask(const NodeId &sender, std::uint16_t id, const Dns::Question &question)
{
    PeerMessage m;
    m.kind = Kind::Ask;
    m.sender = sender;
    m.id = id;
    m.question = question;
    return m;
}

PeerMessage PeerMessage::answer(const PeerMessage &ask, const NodeId &sender, Dns::Rcode rcode,
                                std::vector<PeerRecord> answers,
                                std::vector<PeerRecord> authorities)
{
    PeerMessage m = share(sender, ask.question, rcode, std::move(answers), std::move(authorities));
    m.kind = Kind::Answer;
    m.id = ask.id;
    return m;
}

PeerMessage PeerMessage::share(const NodeId &sender, const Dns::Question &question,
                               Dns::Rcode rcode, std::vector<PeerRecord> answers,
                               std::vector<PeerRecord> authorities)
{
    PeerMessage m;
    m.kind = Kind::Share;
    m.sender = sender;
    m.question = question;
    m.rcode = rcode;
    m.answers = std::move(answers);
    m.authorities = std::move(authorities);
    return m;
}

PeerMessage PeerMessage::announce(const NodeId &sender, const PeerPresence &presence,
                                  std::uint32_t holdSeconds)
{
    PeerMessage m;
    m.kind = Kind::Announce;
    m.sender = sender;
    m.presence = presence;
    m.presenceTtl = holdSeconds;
    return m;
}

PeerMessage PeerMessage::goodbye(const NodeId &sender, const PeerPresence &presence)
{
    PeerMessage m = announce(sender, presence, 0);
    m.kind = Kind::Goodbye;
    return m;
}

std::optional<QByteArray> PeerMessage::encode() const
{
    if (!canEncode(*this))
        return std::nullopt;
    const bool isPresence = isPresenceKind(kind);
    QByteArray out;
    appendU16(out, id);
    appendU16(out, headerFlags(*this));
    appendU16(out, isPresence ? 0 : 1);
    appendU16(out, std::uint16_t(isPresence ? 1 : answers.size()));
    appendU16(out, std::uint16_t(isPresence ? 0 : authorities.size()));
    appendU16(out, 1); // OPT
    appendBody(out, *this);
    appendOpt(out, *this);
    if (out.size() + Tsig::maxRecordSize > maxWireSize)
        return std::nullopt;
    return out;
}

PeerMessage::Decoded PeerMessage::decode(QByteArrayView wire)
{
    return Decoder(wire).run();
}

QByteArray PeerMessage::presenceOwner(const NodeId &node)
{
    QByteArray owner;
    owner += char(2 * NodeId::size);
    owner += node.toHex();
    owner += "\x06_shoal";
    owner += '\0';
    return owner;
}

} // namespace Shoal
