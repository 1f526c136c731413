#pragma once

#include "service/cache/StoredAnswer.h"

#include <QByteArray>
#include <QByteArrayView>
#include <cstddef>
#include <cstdint>
#include <optional>

namespace Shoal {

// The byte layout of cache.snapshot and cache.journal (docs/cache.md has the picture). Both
// are a 16-byte header followed by framed records: length (u32), CRC-32 of the payload (u32),
// payload. All integers big-endian. A reader trusts nothing: every frame is bounded and
// checked, and every entry is validated again by StoredAnswer::restore().
class CacheFile
{
public:
    enum class Kind : std::uint8_t
    {
        Snapshot = 1,
        Journal = 2
    };

    struct Header
    {
        Kind kind = Kind::Snapshot;
        std::uint32_t generation = 0; // a journal only extends the snapshot of its generation
    };

    enum class FrameStatus : std::uint8_t
    {
        Ok,
        End,       // no bytes left
        Torn,      // the file ends inside a frame: an interrupted append
        BadLength, // a length no writer makes; framing is lost, stop reading
        BadCrc,    // payload damaged; the frame is skipped
    };

    static constexpr std::size_t headerSize = 16;
    static constexpr std::size_t frameHeaderSize = 8;
    static constexpr std::uint16_t formatVersion = 1;

    static QByteArray header(Kind kind, std::uint32_t generation);
    static std::optional<Header> readHeader(QByteArrayView file);

    // Appends one framed entry record.
    static void appendEntry(QByteArray &out, const StoredAnswer &answer);

    // Reads the frame at `pos`. On Ok, `payload` views it and `pos` moves past it; on BadCrc,
    // `pos` moves past it too.
    static FrameStatus readFrame(QByteArrayView file, std::size_t &pos, QByteArrayView &payload);

    // The fields of an entry record; nullopt if the payload is not one. Views point into
    // `payload`.
    static std::optional<StoredAnswer::Saved> decodeEntry(QByteArrayView payload);
};

} // namespace Shoal
