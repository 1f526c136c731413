#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "service/dns/DnsName.h"
#include "service/dns/DnsTypes.h"
#include "service/dns/ParseError.h"

namespace Shoal::Dns {

struct Header
{
    std::uint16_t id = 0;
    std::uint16_t flags = 0;
    std::uint16_t questionCount = 0;
    std::uint16_t answerCount = 0;
    std::uint16_t authorityCount = 0;
    std::uint16_t additionalCount = 0;

    bool isResponse() const { return flags & Flag::QR; }
    bool isTruncated() const { return flags & Flag::TC; }
    Opcode opcode() const { return Opcode((flags & Flag::OpcodeMask) >> 11); }
    std::uint8_t rcode() const { return std::uint8_t(flags & Flag::RcodeMask); }

    static std::optional<Header> read(QByteArrayView message);
};

std::uint16_t readU16(const std::uint8_t *p);
std::uint32_t readU32(const std::uint8_t *p);
void writeU16(std::uint8_t *p, std::uint16_t value);
void writeU32(std::uint8_t *p, std::uint32_t value);

struct Question
{
    QByteArray name; // wire form, case as sent
    std::uint16_t type = 0;
    std::uint16_t klass = 0;
};

enum class Section : std::uint8_t { Answer, Authority, Additional };

// A resource record located inside the message it was parsed from. Offsets are into that
// message, so the cache can patch TTLs in place without re-encoding.
struct Record
{
    QByteArray name; // expanded wire form, case as sent
    std::uint16_t type = 0;
    std::uint16_t klass = 0;
    std::uint32_t ttl = 0;
    Section section = Section::Answer;
    std::uint32_t offset = 0;       // first byte of the owner name
    std::uint32_t ttlOffset = 0;    // first byte of the TTL field
    std::uint32_t rdataOffset = 0;  // first byte of RDATA
    std::uint16_t rdataLength = 0;
    std::uint32_t end() const { return rdataOffset + rdataLength; }
};

struct EdnsOption
{
    std::uint16_t code = 0;
    QByteArray data;
};

// The OPT pseudo-record (RFC 6891).
struct Edns
{
    std::uint16_t udpPayloadSize = maxUdpPayloadWithoutEdns;
    std::uint8_t extendedRcode = 0;
    std::uint8_t version = 0;
    bool dnssecOk = false;
    std::vector<EdnsOption> options;
    std::uint32_t offset = 0; // first byte of the OPT record in the message
    std::uint32_t end = 0;
};

// A fully parsed message. Records of the OPT and TSIG types are not in `additionals`: they are
// described by `edns` and `tsigOffset`.
struct Message
{
    Header header;
    std::vector<Question> questions;
    std::vector<Record> answers;
    std::vector<Record> authorities;
    std::vector<Record> additionals;
    std::optional<Edns> edns;
    std::optional<std::uint32_t> tsigOffset; // first byte of the TSIG record, always the last one
    ParseError error = ParseError::None;

    bool ok() const { return error == ParseError::None; }

    // Parses every section. Never reads outside `wire`; any inconsistency sets `error`.
    static Message parse(QByteArrayView wire);
};

// A cache key on the stack: lower-cased wire name, then type and class in network order.
struct KeyBuffer
{
    std::array<std::uint8_t, maxNameLength + 4> bytes{};
    std::size_t length = 0;

    QByteArrayView view() const
    {
        return {reinterpret_cast<const char *>(bytes.data()), qsizetype(length)};
    }
};

// The header, the single question and the EDNS parameters of a client query, parsed without
// allocating. This is all the cache-hit path looks at.
struct QueryView
{
    Header header;
    NameBuffer name;          // question name, case as sent
    KeyBuffer key;            // lower-cased name followed by type and class: the cache key
    std::uint16_t type = 0;
    std::uint16_t klass = 0;
    std::uint32_t questionEnd = 0; // offset just past the question
    bool hasEdns = false;
    std::uint16_t udpPayloadSize = maxUdpPayloadWithoutEdns;
    bool dnssecOk = false;
    std::uint8_t ednsVersion = 0;

    QByteArrayView keyView() const { return key.view(); }
    // Largest answer the client accepts over UDP.
    std::size_t maxUdpAnswer() const
    {
        return hasEdns ? std::max<std::size_t>(udpPayloadSize, maxUdpPayloadWithoutEdns)
                       : maxUdpPayloadWithoutEdns;
    }
};

// Parses a query: exactly one question, optional OPT. ParseError::None on success.
ParseError parseQuery(const std::uint8_t *data, std::size_t size, QueryView &out);

// Builds the cache key for a name, type and class (the same bytes parseQuery makes).
QByteArray cacheKey(QByteArrayView wireName, std::uint16_t type, std::uint16_t klass);

} // namespace Shoal::Dns
