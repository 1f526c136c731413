#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <cstdint>
#include <optional>

namespace Shoal {

// What a node tells its groups about itself in Announce and Goodbye messages. On the wire it
// is the RDATA of a TXT record, one "key=value" string per field (the DNS-SD convention of
// RFC 6763 section 6, so tshark and dig show it as text):
//
//     "host=ws-17" "version=0.1.0" "upstream=up" "cache=1234" "seq=42"
//
// Every field but seq is required and bounded; unknown keys are skipped (a later version may
// add some), a repeated key is an error. seq, optional (0 when absent), counts the sender's
// announcements: it makes two announcements of the same state within one second differ, so
// the replay guard does not take the second for a replay of the first.
struct PeerPresence
{
    enum class Upstream : std::uint8_t
    {
        Up,
        Outage
    };

    static constexpr int maxHostNameLength = 63;
    static constexpr int maxVersionLength = 32;
    static constexpr int maxStrings = 16;

    QString hostName;
    QString version;
    Upstream upstream = Upstream::Up;
    quint32 cacheEntries = 0;
    quint32 sequence = 0;

    // A host name as it may be announced: the first label of `name`, characters outside
    // [A-Za-z0-9_-] dropped, cut to 63. May come back empty.
    static QString announceableHostName(const QString &name);

    bool isValid() const;
    QByteArray toTxtRdata() const;
    static std::optional<PeerPresence> fromTxtRdata(QByteArrayView rdata);

    friend bool operator==(const PeerPresence &, const PeerPresence &) = default;
};

} // namespace Shoal
