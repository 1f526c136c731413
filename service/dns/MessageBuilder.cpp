#include "service/dns/MessageBuilder.h"

namespace Shoal::Dns {

namespace {

void appendU16(QByteArray &out, std::uint16_t value)
{
    out += char(value >> 8);
    out += char(value & 0xff);
}

std::uint8_t *bytes(QByteArray &message) { return reinterpret_cast<std::uint8_t *>(message.data()); }

} // namespace

QByteArray MessageBuilder::query(std::uint16_t id, QByteArrayView wireName, std::uint16_t type,
                                 std::uint16_t klass, const EdnsParameters &edns)
{
    QByteArray message(headerSize, '\0');
    writeU16(bytes(message), id);
    writeU16(bytes(message) + 2, Flag::RD);
    writeU16(bytes(message) + 4, 1);
    message += wireName.toByteArray();
    appendU16(message, type);
    appendU16(message, klass);
    appendOpt(message, edns);
    return message;
}

QByteArray MessageBuilder::errorReply(QByteArrayView query, Rcode rcode,
                                      std::optional<EdeCode> extendedError,
                                      const QString &extendedErrorText)
{
    QByteArray reply(headerSize, '\0');
    if (query.size() < headerSize)
        return {};
    const auto *in = reinterpret_cast<const std::uint8_t *>(query.data());
    const std::uint16_t queryFlags = readU16(in + 2);
    const std::uint16_t flags = Flag::QR | (queryFlags & (Flag::OpcodeMask | Flag::RD | Flag::CD))
                                | Flag::RA | (std::uint16_t(rcode) & Flag::RcodeMask);
    writeU16(bytes(reply), readU16(in));
    writeU16(bytes(reply) + 2, flags);

    QueryView parsed;
    if (parseQuery(in, std::size_t(query.size()), parsed) != ParseError::None)
        return reply; // nothing trustworthy to echo: header only

    writeU16(bytes(reply) + 4, 1);
    // The name as parsed, not the query's bytes: a compression pointer in the question may
    // point at bytes after it (fuzz_query found one), which the reply does not have.
    reply.append(parsed.name.view());
    appendU16(reply, parsed.type);
    appendU16(reply, parsed.klass);
    if (parsed.hasEdns) {
        EdnsParameters edns;
        edns.dnssecOk = parsed.dnssecOk;
        edns.extendedRcode = std::uint8_t(std::uint16_t(rcode) >> 4);
        edns.extendedError = extendedError;
        edns.extendedErrorText = extendedErrorText;
        appendOpt(reply, edns);
    }
    return reply;
}

void MessageBuilder::appendOpt(QByteArray &message, const EdnsParameters &edns)
{
    QByteArray options;
    if (edns.extendedError)
        options = extendedErrorOption(*edns.extendedError, edns.extendedErrorText);

    message += '\0'; // root owner name
    appendU16(message, std::uint16_t(Type::OPT));
    appendU16(message, edns.udpPayloadSize);
    message += char(edns.extendedRcode);
    message += '\0'; // version 0
    appendU16(message, edns.dnssecOk ? ednsDoBit : 0);
    appendU16(message, std::uint16_t(options.size()));
    message += options;

    auto *arcount = bytes(message) + 10;
    writeU16(arcount, std::uint16_t(readU16(arcount) + 1));
}

QByteArray MessageBuilder::extendedErrorOption(EdeCode code, const QString &text)
{
    const QByteArray utf8 = text.toUtf8().left(200);
    QByteArray option;
    appendU16(option, ednsOptionExtendedError);
    appendU16(option, std::uint16_t(2 + utf8.size()));
    appendU16(option, std::uint16_t(code));
    option += utf8;
    return option;
}

} // namespace Shoal::Dns
