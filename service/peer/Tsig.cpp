#include "service/peer/Tsig.h"

#include "service/dns/DnsName.h"
#include "service/dns/Message.h"
#include "service/dns/MessageBuilder.h"

#include <QCryptographicHash>
#include <QMessageAuthenticationCode>

namespace Shoal {

namespace {

using Dns::readU16;
using Dns::readU32;

constexpr std::uint16_t classAny = 255;
constexpr std::uint16_t rcodeNotAuth = 9;
constexpr std::uint16_t tsigErrorBadSig = 16;
constexpr std::uint16_t tsigErrorBadKey = 17;
constexpr std::uint16_t tsigErrorBadTime = 18;

const QByteArray &hmacSha256Name()
{
    static const QByteArray name = QByteArrayLiteral("\x0bhmac-sha256\x00");
    return name;
}

void appendU16(QByteArray &out, std::uint16_t value)
{
    out += char(value >> 8);
    out += char(value & 0xff);
}

void appendU48(QByteArray &out, quint64 value)
{
    for (int shift = 40; shift >= 0; shift -= 8)
        out += char((value >> shift) & 0xff);
}

// Compares without an early exit, so the time taken does not tell how many leading bytes of a
// forged MAC were right.
bool constantTimeEqual(QByteArrayView a, QByteArrayView b)
{
    if (a.size() != b.size())
        return false;
    unsigned char difference = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        difference |= static_cast<unsigned char>(a[i] ^ b[i]);
    return difference == 0;
}

// The "TSIG variables" of RFC 8945 section 4.3.3, in the order they are digested.
QByteArray tsigVariables(const TsigRecord &record)
{
    QByteArray out = record.keyName;
    appendU16(out, classAny);
    out += QByteArray(4, '\0'); // TTL
    out += record.algorithm;
    appendU48(out, record.timeSigned);
    appendU16(out, record.fudge);
    appendU16(out, record.error);
    appendU16(out, std::uint16_t(record.otherData.size()));
    out += record.otherData;
    return out;
}

// The MAC over [request MAC] + message (header with original ID and ARCOUNT as before
// signing) + TSIG variables. `body` is the message without its TSIG record.
QByteArray computeMac(const QByteArray &secret, QByteArrayView requestMac, QByteArrayView body,
                      std::uint16_t additionalCount, const TsigRecord &record)
{
    QMessageAuthenticationCode mac(QCryptographicHash::Sha256, secret);
    if (!requestMac.isEmpty()) {
        QByteArray prefix;
        appendU16(prefix, std::uint16_t(requestMac.size()));
        mac.addData(prefix);
        mac.addData(requestMac.data(), requestMac.size());
    }
    QByteArray header = body.first(Dns::headerSize).toByteArray();
    auto *h = reinterpret_cast<std::uint8_t *>(header.data());
    Dns::writeU16(h, record.originalId);
    Dns::writeU16(h + 10, additionalCount);
    mac.addData(header);
    mac.addData(body.data() + Dns::headerSize, body.size() - Dns::headerSize);
    mac.addData(tsigVariables(record));
    return mac.result();
}

QByteArray encodeRecord(const TsigRecord &record)
{
    QByteArray rdata = record.algorithm;
    appendU48(rdata, record.timeSigned);
    appendU16(rdata, record.fudge);
    appendU16(rdata, std::uint16_t(record.mac.size()));
    rdata += record.mac;
    appendU16(rdata, record.originalId);
    appendU16(rdata, record.error);
    appendU16(rdata, std::uint16_t(record.otherData.size()));
    rdata += record.otherData;

    QByteArray out = record.keyName;
    appendU16(out, std::uint16_t(Dns::Type::TSIG));
    appendU16(out, classAny);
    out += QByteArray(4, '\0');
    appendU16(out, std::uint16_t(rdata.size()));
    out += rdata;
    return out;
}

// Appends `record` (whose MAC is computed here unless `withMac` is false) and bumps ARCOUNT.
QByteArray appendRecord(QByteArray &message, const QByteArray &secret, TsigRecord record,
                        QByteArrayView requestMac, bool withMac)
{
    auto *h = reinterpret_cast<std::uint8_t *>(message.data());
    const std::uint16_t additionalCount = readU16(h + 10);
    if (withMac)
        record.mac = computeMac(secret, requestMac, message, additionalCount, record);
    message += encodeRecord(record);
    h = reinterpret_cast<std::uint8_t *>(message.data());
    Dns::writeU16(h + 10, std::uint16_t(additionalCount + 1));
    return record.mac;
}

// Reads the TSIG record at `offset`, which the message parser found to be the last record.
std::optional<TsigRecord> readRecord(QByteArrayView message, std::size_t offset)
{
    const auto *data = reinterpret_cast<const std::uint8_t *>(message.data());
    const auto size = std::size_t(message.size());
    std::size_t pos = offset;
    Dns::NameBuffer name;
    if (Dns::readName(data, size, pos, name) != Dns::ParseError::None || size - pos < 10)
        return std::nullopt;
    if (readU16(data + pos + 2) != classAny || readU32(data + pos + 4) != 0)
        return std::nullopt;
    const std::size_t end = pos + 10 + readU16(data + pos + 8);
    pos += 10;
    TsigRecord record;
    record.keyName = Dns::lowercasedName(name.view());
    Dns::NameBuffer algorithm;
    if (Dns::readName(data, end, pos, algorithm) != Dns::ParseError::None || end - pos < 10)
        return std::nullopt;
    record.algorithm = Dns::lowercasedName(algorithm.view());
    record.timeSigned = quint64(readU16(data + pos)) << 32 | readU32(data + pos + 2);
    record.fudge = readU16(data + pos + 6);
    const std::uint16_t macLength = readU16(data + pos + 8);
    pos += 10;
    if (end - pos < std::size_t(macLength) + 6)
        return std::nullopt;
    record.mac = message.sliced(qsizetype(pos), macLength).toByteArray();
    pos += macLength;
    record.originalId = readU16(data + pos);
    record.error = readU16(data + pos + 2);
    const std::uint16_t otherLength = readU16(data + pos + 4);
    pos += 6;
    if (end - pos != otherLength)
        return std::nullopt;
    record.otherData = message.sliced(qsizetype(pos), otherLength).toByteArray();
    return record;
}

const GroupKey *findKey(const QList<GroupKey> &keys, const QByteArray &keyName)
{
    for (const GroupKey &key : keys) {
        if (key.wireName() == keyName)
            return &key;
    }
    return nullptr;
}

} // namespace

const char *Tsig::resultName(Result result)
{
    switch (result) {
    case Result::Ok:
        return "ok";
    case Result::Unsigned:
        return "unsigned";
    case Result::BadKey:
        return "bad-key";
    case Result::BadSig:
        return "bad-sig";
    case Result::BadTime:
        return "bad-time";
    case Result::Malformed:
        break;
    }
    return "malformed";
}

quint64 Tsig::nowSeconds() const
{
    return quint64(std::max<qint64>(0, m_clock.nowMs() / 1000));
}

QByteArray Tsig::sign(QByteArray &message, const GroupKey &key, QByteArrayView requestMac) const
{
    if (message.size() < Dns::headerSize || !key.isValid())
        return {};
    TsigRecord record;
    record.keyName = key.wireName();
    record.algorithm = hmacSha256Name();
    record.timeSigned = nowSeconds();
    record.fudge = fudgeSeconds;
    record.originalId = readU16(reinterpret_cast<const std::uint8_t *>(message.constData()));
    return appendRecord(message, key.secret(), record, requestMac, true);
}

Tsig::Verification Tsig::verify(QByteArrayView message, const GroupKey &key,
                                QByteArrayView requestMac) const
{
    return verify(message, QList<GroupKey>{key}, requestMac);
}

Tsig::Verification Tsig::verify(QByteArrayView message, const QList<GroupKey> &keys,
                                QByteArrayView requestMac) const
{
    Verification out;
    const Dns::Message parsed = Dns::Message::parse(message);
    if (!parsed.tsigOffset) {
        out.result = parsed.ok() ? Result::Unsigned : Result::Malformed;
        return out;
    }
    out.messageId = parsed.header.id;
    const std::optional<TsigRecord> record =
        parsed.ok() ? readRecord(message, *parsed.tsigOffset) : std::nullopt;
    if (!record)
        return out; // Malformed
    out.record = *record;

    const GroupKey *key = findKey(keys, record->keyName);
    if (!key || record->algorithm != hmacSha256Name()) {
        out.result = Result::BadKey;
        return out;
    }
    out.key = *key;
    if (record->mac.size() > macSize)
        return out; // Malformed: longer than the hash can make
    const QByteArrayView body = message.first(*parsed.tsigOffset);
    const QByteArray expected = computeMac(
        key->secret(), requestMac, body, std::uint16_t(parsed.header.additionalCount - 1), *record);
    if (!constantTimeEqual(expected, record->mac)) {
        out.result = Result::BadSig;
        return out;
    }
    const quint64 now = nowSeconds();
    const quint64 window = std::min(record->fudge, fudgeSeconds);
    const quint64 skew =
        now > record->timeSigned ? now - record->timeSigned : record->timeSigned - now;
    out.result = skew > window ? Result::BadTime : Result::Ok;
    return out;
}

QByteArray Tsig::errorResponse(QByteArrayView request, const Verification &verification) const
{
    switch (verification.result) {
    case Result::Ok:
        return {};
    case Result::Unsigned:
        return Dns::MessageBuilder::errorReply(request, Dns::Rcode::Refused);
    case Result::Malformed:
        return Dns::MessageBuilder::errorReply(request, Dns::Rcode::FormErr);
    case Result::BadKey:
    case Result::BadSig:
    case Result::BadTime:
        break;
    }
    QByteArray reply = Dns::MessageBuilder::errorReply(request, Dns::Rcode(rcodeNotAuth));
    if (reply.isEmpty())
        return reply;
    TsigRecord record;
    record.keyName = verification.record.keyName;
    record.algorithm = verification.record.algorithm;
    record.fudge = fudgeSeconds;
    record.originalId = verification.messageId;
    if (verification.result != Result::BadTime || !verification.key) {
        // Key or MAC failed: the reply must not be signed (RFC 8945 section 5.3.2).
        record.timeSigned = nowSeconds();
        record.error = verification.result == Result::BadKey ? tsigErrorBadKey : tsigErrorBadSig;
        appendRecord(reply, {}, record, {}, false);
        return reply;
    }
    // BADTIME is signed, echoes the request's time and carries ours in Other Data.
    record.timeSigned = verification.record.timeSigned;
    record.error = tsigErrorBadTime;
    appendU48(record.otherData, nowSeconds());
    appendRecord(reply, verification.key->secret(), record, verification.record.mac, true);
    return reply;
}

} // namespace Shoal
