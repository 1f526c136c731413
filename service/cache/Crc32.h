#pragma once

#include <QByteArrayView>
#include <cstdint>

namespace Shoal {

// CRC-32 as in zlib, PNG and Ethernet (reflected polynomial 0xEDB88320); Qt offers none. Guards
// the records of the cache files against torn writes and bit rot, not against tampering.
class Crc32
{
public:
    static std::uint32_t of(QByteArrayView data);
};

} // namespace Shoal
