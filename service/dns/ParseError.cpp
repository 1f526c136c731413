#include "service/dns/ParseError.h"

namespace Shoal::Dns {

const char *parseErrorName(ParseError error)
{
    switch (error) {
    case ParseError::None:
        return "none";
    case ParseError::Truncated:
        return "truncated";
    case ParseError::BadLabel:
        return "bad-label";
    case ParseError::NameTooLong:
        return "name-too-long";
    case ParseError::BadPointer:
        return "bad-pointer";
    case ParseError::BadCounts:
        return "bad-counts";
    case ParseError::BadOpt:
        return "bad-opt";
    case ParseError::BadTsig:
        return "bad-tsig";
    case ParseError::TrailingData:
        return "trailing-data";
    }
    return "unknown";
}

} // namespace Shoal::Dns
