#include "service/peer/AnswerMatch.h"

#include "service/dns/DnsName.h"

#include <algorithm>

namespace Shoal {

namespace {

bool contains(const std::vector<QByteArray> &names, const QByteArray &name)
{
    return std::find(names.begin(), names.end(), name) != names.end();
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
        std::all_of(authorities.begin(), authorities.end(),
                    [&](const PeerRecord &r) { return authorityFits(question, chain, r); });
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
    const bool typeFits =
        record.type == question.type || (record.type == std::uint16_t(Dns::Type::CNAME) &&
                                         question.type != std::uint16_t(Dns::Type::CNAME));
    return typeFits && record.klass == question.klass &&
           contains(chain, Dns::lowercasedName(record.name));
}

bool AnswerMatch::authorityFits(const Dns::Question &question, const std::vector<QByteArray> &chain,
                                const PeerRecord &record)
{
    const bool typeFits =
        record.type == std::uint16_t(Dns::Type::SOA) || record.type == std::uint16_t(Dns::Type::NS);
    if (!typeFits || record.klass != question.klass)
        return false;
    return std::any_of(chain.begin(), chain.end(), [&](const QByteArray &name) {
        return Dns::isNameAtOrBelow(name, record.name);
    });
}

} // namespace Shoal
