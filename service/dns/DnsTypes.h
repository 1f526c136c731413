#pragma once

#include <cstdint>

// Numbers from the DNS registries (RFC 1035, 2136, 6891, 8914, 8945) that Shoal uses.
namespace Shoal::Dns {

inline constexpr int headerSize = 12;
inline constexpr int maxNameLength = 255; // wire form, including the root label
inline constexpr int maxLabelLength = 63;
inline constexpr int maxUdpPayloadWithoutEdns = 512;
inline constexpr int maxMessageSize = 65535;

enum class Type : std::uint16_t {
    A = 1,
    NS = 2,
    CNAME = 5,
    SOA = 6,
    PTR = 12,
    MX = 15,
    TXT = 16,
    AAAA = 28,
    SRV = 33,
    OPT = 41,
    DS = 43,
    RRSIG = 46,
    NSEC = 47,
    DNSKEY = 48,
    HTTPS = 65,
    TKEY = 249,
    TSIG = 250,
    IXFR = 251,
    AXFR = 252,
    ANY = 255,
};

enum class Class : std::uint16_t {
    IN = 1,
    CH = 3,
    ANY = 255,
};

enum class Opcode : std::uint8_t {
    Query = 0,
    Notify = 4,
    Update = 5,
};

// Response codes. Values above 15 only exist in an OPT or TSIG record.
enum class Rcode : std::uint16_t {
    NoError = 0,
    FormErr = 1,
    ServFail = 2,
    NxDomain = 3,
    NotImp = 4,
    Refused = 5,
    BadVers = 16, // in OPT; in TSIG the same number means BADSIG
    BadSig = 16,
    BadKey = 17,
    BadTime = 18,
};

// Extended DNS Error info codes (RFC 8914).
enum class EdeCode : std::uint16_t {
    Other = 0,
    StaleAnswer = 3,
    Prohibited = 18,
    StaleNxDomainAnswer = 19,
    NotReady = 14,
    NoReachableAuthority = 22,
    NetworkError = 23,
};

inline constexpr std::uint16_t ednsOptionExtendedError = 15;

// Header flag bits in the 16-bit flags word.
namespace Flag {
inline constexpr std::uint16_t QR = 0x8000;
inline constexpr std::uint16_t AA = 0x0400;
inline constexpr std::uint16_t TC = 0x0200;
inline constexpr std::uint16_t RD = 0x0100;
inline constexpr std::uint16_t RA = 0x0080;
inline constexpr std::uint16_t AD = 0x0020;
inline constexpr std::uint16_t CD = 0x0010;
inline constexpr std::uint16_t OpcodeMask = 0x7800;
inline constexpr std::uint16_t RcodeMask = 0x000f;
} // namespace Flag

inline constexpr std::uint16_t ednsDoBit = 0x8000;

} // namespace Shoal::Dns
