#pragma once

namespace Shoal {

// How the resolver asks its interest groups when the upstream is slow or down. Implemented by
// the peering component; the resolver works without one.
class PeerAsker
{
public:
    virtual ~PeerAsker() = default;
};

} // namespace Shoal
