#pragma once

#include "service/common/Clock.h"
#include "service/peer/GroupKey.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <cstdint>
#include <optional>

namespace Shoal {

// The fields of a TSIG record (RFC 8945 section 4.2), names in lower-case uncompressed wire form.
struct TsigRecord
{
    QByteArray keyName;
    QByteArray algorithm;
    quint64 timeSigned = 0; // seconds since the Unix epoch, 48 bits on the wire
    std::uint16_t fudge = 0;
    QByteArray mac;
    std::uint16_t originalId = 0;
    std::uint16_t error = 0; // a TSIG error: 0, 16 BADSIG, 17 BADKEY, 18 BADTIME
    QByteArray otherData;
};

// Signs and verifies DNS messages with TSIG, HMAC-SHA256 only (RFC 8945). Every peer message of
// a keyed group carries one; the same code answers dig -k on the unicast peer port.
//
// Verification follows the RFC's order -- key, then MAC, then time -- so a forged message never
// learns whether its clock was right. The accepted time window is the smaller of the message's
// fudge and our own (300 s): a sender cannot widen it. MACs shorter than the full 32 bytes are
// refused as BADSIG (RFC 8945 allows truncation down to 16 bytes by local policy; ours allows
// none). Replays inside the window are not detected here: see ReplayGuard.
class Tsig
{
public:
    static constexpr std::uint16_t fudgeSeconds = 300;
    static constexpr int macSize = 32;
    // Room a TSIG record can take at most in a message we sign: a 63-byte key name, the
    // algorithm name, the fixed fields and a full MAC.
    static constexpr int maxRecordSize = 65 + 10 + 13 + 16 + macSize + 6;

    enum class Result
    {
        Ok,
        Unsigned,
        BadKey,
        BadSig,
        BadTime,
        Malformed
    };
    static const char *resultName(Result result);

    struct Verification
    {
        Result result = Result::Malformed;
        TsigRecord record;           // meaningful unless Unsigned or Malformed
        std::optional<GroupKey> key; // the key that matched the record's name and algorithm
        std::uint16_t messageId = 0; // the ID in the header as received
    };

    explicit Tsig(const Clock &clock)
        : m_clock(clock)
    {}

    // Appends a TSIG record to a complete message and increments its ARCOUNT. For a response to
    // a signed request pass the request's MAC, which the RFC digests first. Returns the MAC.
    QByteArray sign(QByteArray &message, const GroupKey &key, QByteArrayView requestMac = {}) const;

    // Checks the message's TSIG record against the keys (matched by key name). For a response,
    // pass the MAC of the request it answers.
    Verification verify(QByteArrayView message, const QList<GroupKey> &keys,
                        QByteArrayView requestMac = {}) const;
    Verification verify(QByteArrayView message, const GroupKey &key,
                        QByteArrayView requestMac = {}) const;

    // The reply RFC 8945 section 5.3 asks for when a request failed verification: FORMERR for a
    // malformed record, REFUSED for an unsigned request, NOTAUTH with an unsigned TSIG record
    // carrying BADKEY or BADSIG, and NOTAUTH with a signed BADTIME record that tells our clock.
    // Empty for a request that verified.
    QByteArray errorResponse(QByteArrayView request, const Verification &verification) const;

private:
    quint64 nowSeconds() const;

    const Clock &m_clock;
};

} // namespace Shoal
