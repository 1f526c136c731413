#include "service/peer/AnswerMatch.h"

#include "service/dns/DnsName.h"

#include <algorithm>

namespace Shoal {

namespace {

bool contains(const std::vector<QByteArray> &names, const QByteArray &name)
{
    return std::find(names.begin(), names.end(), name) != names.end();
}

constexpr std::uint16_t nsec3Type = 50;

bool isType(std::uint16_t type, Dns::Type wanted)
{
    return type == std::uint16_t(wanted);
}

// The type an RRSIG signs: the first field of its RDATA (RFC 4034, 3.1). 0 when too short.
std::uint16_t typeCovered(const PeerRecord &signature)
{
    if (signature.rdata.size() < 2)
        return 0;
    return Dns::readU16(reinterpret_cast<const std::uint8_t *>(signature.rdata.constData()));
}

// A DNSSEC-aware upstream's answer carries signatures, and its negative answers NSEC or NSEC3
// records (RFC 4035, 3.1): they belong to the answer as much as the records they sign, and a
// member that cached them must be able to hand them on. Whether they verify is the client's
// business, as it is for the upstream's own reply.
bool isDenialType(std::uint16_t type)
{
    return isType(type, Dns::Type::NSEC) || type == nsec3Type;
}

} // namespace

bool AnswerMatch::isOrdinaryType(std::uint16_t type)
{
    using Dns::Type;
    for (const Type meta : {Type::OPT, Type::TKEY, Type::TSIG, Type::IXFR, Type::AXFR, Type::ANY}) {
        if (type == std::uint16_t(meta))
            return false;
    }
    return type != 0;
}

bool AnswerMatch::fits(const Dns::Question &question, Dns::Rcode rcode,
                       const std::vector<PeerRecord> &answers,
                       const std::vector<PeerRecord> &authorities)
{
    if (!isOrdinaryType(question.type) || answers.size() + authorities.size() > maxRecords)
        return false;
    const std::vector<QByteArray> chain = chainFrom(question, answers);
    const bool answersFit = std::all_of(answers.begin(), answers.end(), [&](const PeerRecord &r) {
        return answerFits(question, chain, r);
    });
    const bool authoritiesFit =
        std::all_of(authorities.begin(), authorities.end(), [&](const PeerRecord &r) {
            return authorityFits(question, chain, authorities, r);
        });
    const bool hasSoa =
        std::any_of(authorities.begin(), authorities.end(),
                    [](const PeerRecord &r) { return r.type == std::uint16_t(Dns::Type::SOA); });
    return answersFit && authoritiesFit && (rcode != Dns::Rcode::NxDomain || hasSoa);
}

std::vector<QByteArray> AnswerMatch::chainFrom(const Dns::Question &question,
                                               const std::vector<PeerRecord> &answers)
{
    std::vector<QByteArray> chain{Dns::lowercasedName(question.name)};
    if (question.type == std::uint16_t(Dns::Type::CNAME))
        return chain;
    // Records may come in any order: follow the chain until it stops growing.
    for (bool grew = true; grew && int(chain.size()) < maxChainLength;) {
        grew = false;
        for (const PeerRecord &record : answers) {
            if (record.type != std::uint16_t(Dns::Type::CNAME) ||
                !contains(chain, Dns::lowercasedName(record.name)))
                continue;
            const QByteArray target = Dns::lowercasedName(record.rdata);
            if (!contains(chain, target) && int(chain.size()) < maxChainLength) {
                chain.push_back(target);
                grew = true;
            }
        }
    }
    return chain;
}

bool AnswerMatch::answerFits(const Dns::Question &question, const std::vector<QByteArray> &chain,
                             const PeerRecord &record)
{
    const auto answerType = [&question](std::uint16_t type) {
        return type == question.type ||
               (isType(type, Dns::Type::CNAME) && !isType(question.type, Dns::Type::CNAME));
    };
    const bool typeFits = answerType(record.type) || (isType(record.type, Dns::Type::RRSIG) &&
                                                      !isType(question.type, Dns::Type::RRSIG) &&
                                                      answerType(typeCovered(record)));
    return typeFits && record.klass == question.klass &&
           contains(chain, Dns::lowercasedName(record.name));
}

bool AnswerMatch::authorityFits(const Dns::Question &question, const std::vector<QByteArray> &chain,
                                const std::vector<PeerRecord> &authorities,
                                const PeerRecord &record)
{
    if (record.klass != question.klass)
        return false;
    const auto isZoneCut = [&chain](const PeerRecord &r) {
        return (isType(r.type, Dns::Type::SOA) || isType(r.type, Dns::Type::NS)) &&
               std::any_of(chain.begin(), chain.end(), [&](const QByteArray &name) {
                   return Dns::isNameAtOrBelow(name, r.name);
               });
    };
    const std::uint16_t type =
        isType(record.type, Dns::Type::RRSIG) ? typeCovered(record) : record.type;
    if (isType(type, Dns::Type::SOA) || isType(type, Dns::Type::NS)) {
        PeerRecord signedRecord = record;
        signedRecord.type = type;
        return isZoneCut(signedRecord);
    }
    if (!isDenialType(type))
        return false;
    return std::any_of(authorities.begin(), authorities.end(), [&](const PeerRecord &zone) {
        return zone.klass == record.klass && isZoneCut(zone) &&
               Dns::isNameAtOrBelow(Dns::lowercasedName(record.name), zone.name);
    });
}

} // namespace Shoal
