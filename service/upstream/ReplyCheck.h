#pragma once

#include "service/dns/Message.h"

#include <QByteArray>
#include <QByteArrayView>
#include <cstdint>

namespace Shoal {

// The ladder every upstream reply climbs before it is believed. The socket layer checks the
// source (address and port asked) first; this checks the bytes: they parse completely, carry
// the ID we chose, are a response to a standard query, and repeat our question (name without
// case, type, class). Each failed rung is one drop reason with its own counter.
class ReplyCheck
{
public:
    enum class Verdict : std::uint8_t
    {
        Accept,
        WrongSource,   // not from the address and port the query went to
        Malformed,     // does not parse
        WrongId,       // a different ID: late, spoofed, or meant for another socket
        NotAReply,     // QR clear, or an opcode other than QUERY
        WrongQuestion, // not exactly one question, or not ours
    };

    struct Expected
    {
        std::uint16_t id = 0;
        QByteArray name; // wire form
        std::uint16_t type = 0;
        std::uint16_t klass = 0;
    };

    // Checks `wire`; on Accept, `parsed` holds the parsed message.
    static Verdict check(QByteArrayView wire, const Expected &expected, Dns::Message &parsed);

    // Stable lower-case name for counters and logs: "wrong-id", ...
    static const char *verdictName(Verdict verdict);

private:
    static bool questionMatches(const Dns::Message &message, const Expected &expected);
};

} // namespace Shoal
