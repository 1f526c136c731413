#pragma once

namespace Shoal::Tray {

// The three states the tray icon shows: the daemon answers normally, the daemon is in an
// outage (all upstreams down, answering from its cache and its peers), or the tray cannot
// reach the daemon at all.
enum class Health
{
    Healthy,
    Outage,
    Unreachable
};

} // namespace Shoal::Tray
