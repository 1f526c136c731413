#pragma once

#include <QString>
#include <cstdint>

namespace Shoal {

// Where a cached answer came from: the configured upstream servers, or a peer of one of our
// groups (named by its node id), so an operator can tell them apart and an upstream answer
// always wins over a peer's.
struct AnswerSource
{
    enum class Kind : std::uint8_t
    {
        Upstream,
        Peer
    };

    Kind kind = Kind::Upstream;
    QString peerId; // empty for Upstream

    static AnswerSource upstream() { return {}; }
    static AnswerSource peer(const QString &nodeId) { return {Kind::Peer, nodeId}; }
    bool isPeer() const { return kind == Kind::Peer; }
};

} // namespace Shoal
