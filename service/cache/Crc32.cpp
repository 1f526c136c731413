#include "service/cache/Crc32.h"

#include <array>

namespace Shoal {

namespace {

constexpr std::array<std::uint32_t, 256> makeTable()
{
    std::array<std::uint32_t, 256> table{};
    for (std::uint32_t i = 0; i < 256; ++i) {
        std::uint32_t value = i;
        for (int bit = 0; bit < 8; ++bit)
            value = (value & 1) ? (value >> 1) ^ 0xedb88320u : value >> 1;
        table[i] = value;
    }
    return table;
}

constexpr std::array<std::uint32_t, 256> table = makeTable();

} // namespace

std::uint32_t Crc32::of(QByteArrayView data)
{
    std::uint32_t crc = 0xffffffffu;
    for (const char c : data)
        crc = table[(crc ^ std::uint8_t(c)) & 0xff] ^ (crc >> 8);
    return crc ^ 0xffffffffu;
}

} // namespace Shoal
