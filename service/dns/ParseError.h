#pragma once

#include <cstdint>

namespace Shoal::Dns {

// Why a message could not be parsed. Each value is a drop reason with its own counter, so
// keep the list short and meaningful to an operator.
enum class ParseError : std::uint8_t {
    None,
    Truncated,       // ended inside a header, name or record
    BadLabel,        // label type 0x40/0x80, or a label over 63 bytes
    NameTooLong,     // expanded name over 255 bytes
    BadPointer,      // compression pointer that does not point backwards
    BadCounts,       // section counts that cannot be right (no question, several, ...)
    BadOpt,          // OPT record misplaced, repeated or malformed
    BadTsig,         // TSIG record not last, or malformed
    TrailingData,    // bytes after the last record
};

const char *parseErrorName(ParseError error);

} // namespace Shoal::Dns
