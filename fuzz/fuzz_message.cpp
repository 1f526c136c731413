// Whole DNS messages: upstream replies, peer messages and anything else Message::parse reads.
// For a message that parses, every offset it reports must lie inside the message and agree with
// the bytes there, every name must be well formed, and the query fast path must agree with the
// full parser on messages shaped like a query.
#include "fuzz/FuzzSupport.h"
#include "service/dns/DnsName.h"
#include "service/dns/Message.h"

using namespace Shoal;
using Fuzz::require;

namespace {

const std::uint8_t *bytesOf(QByteArrayView wire)
{
    return reinterpret_cast<const std::uint8_t *>(wire.data());
}

void checkRecord(QByteArrayView wire, const Dns::Record &record)
{
    Fuzz::requireWireName(record.name);
    require(record.offset < record.ttlOffset, "TTL before the owner name");
    require(record.ttlOffset + 6 == record.rdataOffset, "TTL not 6 bytes before RDATA");
    require(record.end() <= std::size_t(wire.size()), "record ends outside the message");
    require(Dns::readU32(bytesOf(wire) + record.ttlOffset) == record.ttl, "TTL offset is wrong");
    require(Dns::readU16(bytesOf(wire) + record.ttlOffset - 4) == record.type, "type is wrong");
    require(Dns::readU16(bytesOf(wire) + record.ttlOffset + 4) == record.rdataLength,
            "RDLENGTH offset is wrong");

    std::size_t pos = record.offset;
    Dns::NameBuffer name;
    require(Dns::readName(bytesOf(wire), std::size_t(wire.size()), pos, name) ==
                    Dns::ParseError::None &&
                name.view() == record.name && pos + 4 == record.ttlOffset,
            "owner name offset is wrong");
}

void checkSections(QByteArrayView wire, const Dns::Message &message)
{
    const Dns::Header &header = message.header;
    require(message.questions.size() == header.questionCount, "question count");
    const std::size_t special = (message.edns ? 1 : 0) + (message.tsigOffset ? 1 : 0);
    require(message.answers.size() == header.answerCount, "answer count");
    require(message.authorities.size() == header.authorityCount, "authority count");
    require(message.additionals.size() + special == header.additionalCount, "additional count");

    for (const Dns::Question &question : message.questions)
        Fuzz::requireWireName(question.name);
    for (const auto *section : {&message.answers, &message.authorities, &message.additionals}) {
        std::uint32_t previousEnd = Dns::headerSize;
        for (const Dns::Record &record : *section) {
            checkRecord(wire, record);
            require(record.offset >= previousEnd, "records overlap");
            previousEnd = record.end();
        }
    }
    if (message.edns)
        require(message.edns->offset < message.edns->end &&
                    message.edns->end <= std::size_t(wire.size()),
                "OPT record outside the message");
    if (message.tsigOffset)
        require(*message.tsigOffset < std::size_t(wire.size()), "TSIG record outside the message");
}

// A message the full parser accepts with one question and no answer or authority records is a
// query the fast path must accept too, with the same question.
void checkQueryPathAgrees(QByteArrayView wire, const Dns::Message &message)
{
    const Dns::Header &header = message.header;
    if (header.questionCount != 1 || header.answerCount != 0 || header.authorityCount != 0)
        return;
    Dns::QueryView query;
    require(Dns::parseQuery(bytesOf(wire), std::size_t(wire.size()), query) ==
                Dns::ParseError::None,
            "parseQuery refuses a query Message::parse accepts");
    const Dns::Question &question = message.questions.front();
    require(query.name.view() == question.name && query.type == question.type &&
                query.klass == question.klass,
            "parseQuery reads another question");
    require(query.hasEdns == message.edns.has_value(), "parseQuery disagrees about OPT");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArrayView wire = Fuzz::bytesView(data, size);
    const Dns::Message message = Dns::Message::parse(wire);
    if (!message.ok())
        return 0;
    checkSections(wire, message);
    checkQueryPathAgrees(wire, message);
    return 0;
}
