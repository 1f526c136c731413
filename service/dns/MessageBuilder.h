#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <cstdint>
#include <optional>

#include "service/dns/DnsTypes.h"
#include "service/dns/Message.h"

namespace Shoal::Dns {

// What the OPT record of an outgoing message says.
struct EdnsParameters
{
    std::uint16_t udpPayloadSize = 1232; // the DNS flag day 2020 default: no IP fragmentation
    bool dnssecOk = false;
    std::uint8_t extendedRcode = 0;
    std::optional<EdeCode> extendedError;
    QString extendedErrorText;
};

// Encodes outgoing messages: queries to upstreams and peers, and the replies the daemon makes up
// itself (errors, refusals). Answers from the cache are rendered by AnswerRenderer instead.
class MessageBuilder
{
public:
    // A recursive query with one question and an OPT record.
    static QByteArray query(std::uint16_t id, QByteArrayView wireName, std::uint16_t type,
                            std::uint16_t klass, const EdnsParameters &edns);

    // A reply with no records: the question of `query` echoed (case as sent) and `rcode`. An
    // OPT record (with the Extended DNS Error, if any) is added only when the query had one,
    // as RFC 6891 requires. A query whose question could not be parsed gets a header only.
    static QByteArray errorReply(QByteArrayView query, Rcode rcode,
                                 std::optional<EdeCode> extendedError = std::nullopt,
                                 const QString &extendedErrorText = {});

    // Appends an OPT record to a complete message and increments its ARCOUNT.
    static void appendOpt(QByteArray &message, const EdnsParameters &edns);

    // The Extended DNS Error option (RFC 8914), code and length included.
    static QByteArray extendedErrorOption(EdeCode code, const QString &text);
};

} // namespace Shoal::Dns
