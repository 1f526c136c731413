#pragma once

#include "service/dns/Message.h"
#include "service/peer/PeerRecord.h"

#include <QByteArray>
#include <vector>

namespace Shoal {

// Whether the records of an Answer or Share belong to its question: every answer record is
// owned by the question name or by a name the CNAME chain from it reaches, of the question's
// class, and of the question's type (or CNAME); every authority record is an SOA or NS at or
// above a name of that chain (what the cache keeps of a negative or referral-bearing answer);
// an NXDOMAIN answer carries an SOA. The question must be an ordinary one (no meta type).
// A peer that sends anything else is not trusted with any of it: the whole message is
// dropped, as docs/protocol.md's "mismatch" rung says.
class AnswerMatch
{
public:
    static constexpr int maxChainLength = 16;
    static constexpr int maxRecords = 64;

    static bool fits(const Dns::Question &question, Dns::Rcode rcode,
                     const std::vector<PeerRecord> &answers,
                     const std::vector<PeerRecord> &authorities);

private:
    static bool isOrdinaryType(std::uint16_t type);
    static std::vector<QByteArray> chainFrom(const Dns::Question &question,
                                             const std::vector<PeerRecord> &answers);
    static bool answerFits(const Dns::Question &question, const std::vector<QByteArray> &chain,
                           const PeerRecord &record);
    // SOA and NS records at or above a name of the chain, and the NSEC or NSEC3 records (and
    // signatures) below such a zone that deny the name.
    static bool authorityFits(const Dns::Question &question, const std::vector<QByteArray> &chain,
                              const std::vector<PeerRecord> &authorities, const PeerRecord &record);
};

} // namespace Shoal
