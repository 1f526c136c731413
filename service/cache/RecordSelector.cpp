#include "service/cache/RecordSelector.h"

#include "service/dns/DnsName.h"

#include <algorithm>
#include <span>

namespace Shoal {

namespace {

using Dns::Type;

// Longer CNAME chains are a loop or an attack; resolvers give up well before this.
constexpr std::size_t maxChainNames = 16;
constexpr std::size_t soaFixedSize = 20; // serial, refresh, retry, expire, minimum

bool isType(std::uint16_t value, Type type)
{
    return value == std::uint16_t(type);
}

bool isChainType(std::uint16_t type, std::uint16_t questionType)
{
    return type == questionType || isType(type, Type::CNAME) || isType(type, Type::RRSIG);
}

bool isCacheableQuestionType(std::uint16_t type)
{
    for (const Type refused :
         {Type::ANY, Type::AXFR, Type::IXFR, Type::OPT, Type::TSIG, Type::TKEY}) {
        if (isType(type, refused))
            return false;
    }
    return true;
}

bool contains(const std::vector<QByteArray> &names, const QByteArray &name)
{
    return std::find(names.begin(), names.end(), name) != names.end();
}

bool isAtOrAboveChain(const QByteArray &owner, const std::vector<QByteArray> &chain)
{
    return std::any_of(chain.begin(), chain.end(), [&owner](const QByteArray &name) {
        return Dns::isNameAtOrBelow(name, owner);
    });
}

// The MINIMUM field of a well-formed SOA record.
std::optional<std::uint32_t> soaMinimum(const Dns::Record &soa, QByteArrayView wire)
{
    std::size_t pos = soa.rdataOffset;
    const std::size_t end = soa.end();
    if (!readRdataName(wire, pos, end) || !readRdataName(wire, pos, end))
        return std::nullopt;
    if (end - pos != soaFixedSize)
        return std::nullopt;
    return Dns::readU32(reinterpret_cast<const std::uint8_t *>(wire.data()) + end - 4);
}

} // namespace

std::optional<Dns::NameBuffer> readRdataName(QByteArrayView wire, std::size_t &pos,
                                             std::size_t rdataEnd)
{
    Dns::NameBuffer name;
    std::size_t cursor = pos;
    const auto *data = reinterpret_cast<const std::uint8_t *>(wire.data());
    if (Dns::readName(data, std::size_t(wire.size()), cursor, name) != Dns::ParseError::None)
        return std::nullopt;
    if (cursor > rdataEnd)
        return std::nullopt;
    pos = cursor;
    return name;
}

RecordSelector::Selection RecordSelector::select(const Dns::Message &reply, QByteArrayView wire)
{
    Selection selection;
    selection.refusal = checkReply(reply);
    if (selection.refusal != CacheRefusal::None)
        return selection;

    std::vector<QByteArray> chain{Dns::lowercasedName(reply.questions.front().name)};
    selection.refusal = selectChain(reply, wire, chain, selection);
    if (selection.refusal != CacheRefusal::None)
        return selection;
    selectAuthority(reply, chain, selection);
    selection.refusal = classify(reply, wire, selection);
    return selection;
}

RecordSelector::Selection RecordSelector::selectAll(const Dns::Message &reply)
{
    Selection selection;
    if (!reply.ok() || reply.questions.size() != 1) {
        selection.refusal = CacheRefusal::NotAnswer;
        return selection;
    }
    for (const auto *section : {&reply.answers, &reply.authorities, &reply.additionals}) {
        for (const Dns::Record &record : *section)
            selection.records.push_back(&record);
    }
    selection.answerCount = int(reply.answers.size());
    return selection;
}

CacheRefusal RecordSelector::checkReply(const Dns::Message &reply)
{
    if (!reply.ok() || !reply.header.isResponse() || reply.questions.size() != 1 ||
        reply.header.opcode() != Dns::Opcode::Query)
        return CacheRefusal::NotAnswer;
    if (reply.header.isTruncated())
        return CacheRefusal::Truncated;
    const std::uint8_t rcode = reply.header.rcode();
    const bool extended = reply.edns && reply.edns->extendedRcode != 0;
    if (extended ||
        (rcode != std::uint8_t(Dns::Rcode::NoError) && rcode != std::uint8_t(Dns::Rcode::NxDomain)))
        return CacheRefusal::Rcode;
    if (!isCacheableQuestionType(reply.questions.front().type))
        return CacheRefusal::QuestionType;
    return CacheRefusal::None;
}

// Keeps the answer records whose owner is the question name or the target of a kept CNAME.
// CNAMEs may come in any order, so the pass repeats while the chain grows (bounded by
// maxChainNames).
CacheRefusal RecordSelector::selectChain(const Dns::Message &reply, QByteArrayView wire,
                                         std::vector<QByteArray> &chain, Selection &selection)
{
    const Dns::Question &question = reply.questions.front();
    const bool followCnames = !isType(question.type, Type::CNAME);
    std::vector<QByteArray> owners;
    owners.reserve(reply.answers.size());
    for (const Dns::Record &record : reply.answers)
        owners.push_back(Dns::lowercasedName(record.name));

    std::vector<bool> kept(reply.answers.size(), false);
    for (bool grew = true; grew;) {
        grew = false;
        for (std::size_t i = 0; i < reply.answers.size(); ++i) {
            const Dns::Record &record = reply.answers[i];
            if (kept[i] || record.klass != question.klass ||
                !isChainType(record.type, question.type) || !contains(chain, owners[i]))
                continue;
            kept[i] = true;
            if (!followCnames || !isType(record.type, Type::CNAME))
                continue;
            std::size_t pos = record.rdataOffset;
            const auto target = readRdataName(wire, pos, record.end());
            if (!target || pos != record.end())
                return CacheRefusal::BadRecord;
            const QByteArray lowered = Dns::lowercasedName(target->view());
            if (chain.size() < maxChainNames && !contains(chain, lowered)) {
                chain.push_back(lowered);
                grew = true;
            }
        }
    }
    for (std::size_t i = 0; i < reply.answers.size(); ++i) {
        if (kept[i])
            selection.records.push_back(&reply.answers[i]);
        else
            ++selection.scrubbed;
    }
    selection.answerCount = int(selection.records.size());
    return CacheRefusal::None;
}

void RecordSelector::selectAuthority(const Dns::Message &reply,
                                     const std::vector<QByteArray> &chain, Selection &selection)
{
    const std::uint16_t klass = reply.questions.front().klass;
    for (const Dns::Record &record : reply.authorities) {
        const bool wanted = isType(record.type, Type::SOA) || isType(record.type, Type::NS);
        if (wanted && record.klass == klass &&
            isAtOrAboveChain(Dns::lowercasedName(record.name), chain)) {
            selection.records.push_back(&record);
            if (isType(record.type, Type::SOA) && !selection.soa)
                selection.soa = &record;
        } else {
            ++selection.scrubbed;
        }
    }
}

// Positive when the chain ends in a record of the asked type; otherwise NXDOMAIN or NODATA,
// which RFC 2308 only lets us cache with an SOA to take the lifetime from.
CacheRefusal RecordSelector::classify(const Dns::Message &reply, QByteArrayView wire,
                                      Selection &selection)
{
    const std::uint16_t questionType = reply.questions.front().type;
    const auto answers = std::span(selection.records).first(std::size_t(selection.answerCount));
    const bool hasTerminal = std::any_of(answers.begin(), answers.end(), [&](const auto *record) {
        return record->type == questionType;
    });
    const bool nxdomain = reply.header.rcode() == std::uint8_t(Dns::Rcode::NxDomain);
    selection.negative = nxdomain || !hasTerminal;
    if (!selection.negative)
        return CacheRefusal::None;
    if (!selection.soa)
        return CacheRefusal::NoSoa;
    const auto minimum = soaMinimum(*selection.soa, wire);
    if (!minimum)
        return CacheRefusal::BadRecord;
    selection.soaMinimum = *minimum;
    return CacheRefusal::None;
}

} // namespace Shoal
