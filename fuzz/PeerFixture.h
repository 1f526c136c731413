#pragma once

#include "service/peer/GroupKey.h"

#include <QtGlobal>

// The group key and time the peer fuzzer and its seed generator share, so that the seeds are
// messages the fuzzer's Tsig accepts.
namespace Shoal::Fuzz {

inline constexpr qint64 peerClockMs = 1'700'000'000'000;

// Group "lab", secret "shoal-fuzz-seed-key-32-bytes-000" (also the key dig used for the
// captured signed query, fuzz/tools/capture-dns-seeds.sh).
inline GroupKey peerKey()
{
    return *GroupKey::fromBase64(u"lab", u"c2hvYWwtZnV6ei1zZWVkLWtleS0zMi1ieXRlcy0wMDA=");
}

} // namespace Shoal::Fuzz
