#include "service/upstream/ReplyCheck.h"

#include "service/dns/DnsName.h"

namespace Shoal {

ReplyCheck::Verdict ReplyCheck::check(QByteArrayView wire, const Expected &expected,
                                      Dns::Message &parsed)
{
    // The cheap header rungs come first, so a flood of foreign packets costs no full parse.
    const auto header = Dns::Header::read(wire);
    if (!header)
        return Verdict::Malformed;
    if (header->id != expected.id)
        return Verdict::WrongId;
    if (!header->isResponse() || header->opcode() != Dns::Opcode::Query)
        return Verdict::NotAReply;

    parsed = Dns::Message::parse(wire);
    if (!parsed.ok())
        return Verdict::Malformed;
    if (!questionMatches(parsed, expected))
        return Verdict::WrongQuestion;
    return Verdict::Accept;
}

const char *ReplyCheck::verdictName(Verdict verdict)
{
    switch (verdict) {
    case Verdict::Accept:
        return "accept";
    case Verdict::WrongSource:
        return "wrong-source";
    case Verdict::Malformed:
        return "malformed";
    case Verdict::WrongId:
        return "wrong-id";
    case Verdict::NotAReply:
        return "not-a-reply";
    case Verdict::WrongQuestion:
        return "wrong-question";
    }
    return "unknown";
}

bool ReplyCheck::questionMatches(const Dns::Message &message, const Expected &expected)
{
    if (message.questions.size() != 1)
        return false;
    const Dns::Question &question = message.questions.front();
    return question.type == expected.type && question.klass == expected.klass &&
           Dns::lowercasedName(question.name) == Dns::lowercasedName(expected.name);
}

} // namespace Shoal
