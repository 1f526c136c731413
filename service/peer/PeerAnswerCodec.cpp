#include "service/peer/PeerAnswerCodec.h"

#include "service/cache/StoredAnswer.h"

#include <algorithm>

namespace Shoal {

namespace {

void appendU16(QByteArray &out, std::uint16_t value)
{
    out += char(value >> 8);
    out += char(value & 0xff);
}

} // namespace

std::optional<PeerAnswerCodec::Records> PeerAnswerCodec::fromStored(const StoredAnswer &entry,
                                                                    qint64 nowMs, bool stale,
                                                                    std::uint32_t staleTtl)
{
    const QByteArrayView wire = entry.wire();
    const Dns::Message parsed = Dns::Message::parse(wire);
    if (!parsed.ok())
        return std::nullopt;
    const auto elapsed =
        std::uint32_t(std::clamp<qint64>((nowMs - entry.storedAtMs) / 1000, 0, 0x7fffffff));
    Records records;
    records.rcode = Dns::Rcode(parsed.header.rcode());
    if (!appendRecords(wire, parsed.answers, elapsed, stale, staleTtl, records.answers) ||
        !appendRecords(wire, parsed.authorities, elapsed, stale, staleTtl, records.authorities))
        return std::nullopt;
    return records;
}

bool PeerAnswerCodec::appendRecords(QByteArrayView wire, const std::vector<Dns::Record> &records,
                                    std::uint32_t elapsedSeconds, bool stale,
                                    std::uint32_t staleTtl, std::vector<PeerRecord> &out)
{
    for (const Dns::Record &record : records) {
        std::optional<PeerRecord> peerRecord = PeerRecord::fromMessage(wire, record);
        if (!peerRecord)
            return false;
        // A fresh entry's records live on for what is left of their TTL, at least a second.
        const std::uint32_t left = record.ttl > elapsedSeconds ? record.ttl - elapsedSeconds : 1;
        peerRecord->ttl = stale ? staleTtl : left;
        out.push_back(std::move(*peerRecord));
    }
    return true;
}

QByteArray PeerAnswerCodec::toResponse(const PeerMessage &message, std::uint32_t maxTtl)
{
    using namespace Dns::Flag;
    QByteArray out;
    appendU16(out, 0);
    appendU16(out, QR | RD | RA | std::uint16_t(message.rcode));
    appendU16(out, 1);
    appendU16(out, std::uint16_t(message.answers.size()));
    appendU16(out, std::uint16_t(message.authorities.size()));
    appendU16(out, 0);
    out += message.question.name;
    appendU16(out, message.question.type);
    appendU16(out, message.question.klass);
    for (const auto *section : {&message.answers, &message.authorities}) {
        for (PeerRecord record : *section) {
            record.ttl = std::min(record.ttl, maxTtl);
            record.appendTo(out);
        }
    }
    return out;
}

} // namespace Shoal
