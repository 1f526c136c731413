#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

// The values the control channel carries, as plain structs. The daemon fills them (through
// ControlBackend), ControlJson turns them into JSON and back, and the clients (shoalctl,
// shoal-tray) read them. They are a catalogue of one protocol, so they share one header.
// docs/control-protocol.md describes each field as it appears on the wire.
namespace Shoal::Control {

// One named counter, e.g. "dns.dropped.bad-pointer".
struct Counter
{
    QString name;
    quint64 value = 0;
    QString description;
};

// One configured upstream DNS server and its measured health.
struct Upstream
{
    QString address; // "192.0.2.53" or "2001:db8::53"
    int port = 53;
    bool up = true;
    int srttMs = 0;   // smoothed round-trip time
    int failures = 0; // consecutive failures since the last answer
};

// What the daemon did with client queries since it started; shoalctl derives ratios from it.
struct Totals
{
    quint64 queries = 0;         // client queries accepted
    quint64 cacheHits = 0;       // answered from a fresh cache entry
    quint64 staleAnswers = 0;    // answered from an expired entry (RFC 8767)
    quint64 peerAnswers = 0;     // answered with a record a peer sent
    quint64 upstreamAnswers = 0; // answered by forwarding to an upstream
    quint64 failures = 0;        // answered SERVFAIL
};

// The daemon as a whole: the answer to the "status" method.
struct Status
{
    QString version;
    qint64 startedMs = 0; // epoch milliseconds
    qint64 nowMs = 0;     // the daemon's clock when the status was taken
    QStringList listen;   // "127.0.0.1:53", "[::1]:53"
    QList<Upstream> upstreams;
    bool outage = false;
    qint64 outageSinceMs = 0; // 0 when there is no outage
    quint64 cacheEntries = 0;
    quint64 cacheBytes = 0;
    quint64 cacheCapacityBytes = 0;
    int groupCount = 0; // filled by the control server from ControlBackend::groups()
    int peerCount = 0;  // distinct node ids, filled by the control server
    Totals totals;
    QList<Counter> counters;
};

// A member of one of this daemon's groups, as last heard from.
struct Peer
{
    QString group;
    QString nodeId;
    QString host;           // the host name it announces
    QString address;        // "192.0.2.7:5353"
    bool upstreamUp = true; // whether that peer can still reach its own upstream
    quint64 cacheEntries = 0;
    qint64 lastSeenMs = 0; // epoch milliseconds
};

// A group this daemon has joined.
struct Group
{
    QString name;
    QString address; // multicast address
    int port = 0;
    bool keyed = true;   // false: an open group, no key
    int memberCount = 0; // peers heard, this node not included
    bool sharing = true; // upstream answers are offered to the group
};

// Where the key of a group to join comes from: exactly one of the three, or open.
struct JoinRequest
{
    QString name;
    QString keyFile;    // absolute path, read by the daemon
    QString passphrase; // never logged, never sent back
    QByteArray secret;  // decoded from base64; never logged, never sent back
    bool open = false;  // join without a key: records are never taken unasked
    QString address;    // optional multicast address; empty: derived from the name
    int port = 0;       // optional; 0: derived from the name
};

enum class CacheSort
{
    Name,
    Type,
    Ttl,
    Hits,
    Source
};

// Which cache entries the "cache" method lists.
struct CacheQuery
{
    QString nameContains;        // case-insensitive substring of the presentation name
    std::optional<quint16> type; // only this record type
    bool staleOnly = false;
    CacheSort sort = CacheSort::Name;
    bool descending = false;
    int offset = 0;
    int limit = 100;
};

// One record of a cached answer, in presentation form.
struct CacheRecord
{
    QString name;
    QString type; // mnemonic, or "TYPE65534" (RFC 3597)
    quint32 ttl = 0;
    QString data; // "192.0.2.1", "10 mail.example.test.", or "\# 3 abcdef"
};

// One cache entry: the answer stored for a (name, type) question.
struct CacheEntry
{
    QString name;
    QString type;
    QString negative;           // "", "nxdomain" or "nodata"
    QList<CacheRecord> records; // the answer section
    qint64 ttlLeft = 0;         // seconds until expiry; 0 once expired
    bool stale = false;         // expired, still kept for serving during an outage
    QString source;             // "upstream" or "peer"
    QString peer;               // the node id the entry came from, when source is "peer"
    quint64 hits = 0;
    quint64 bytes = 0;
};

// One page of a cache listing.
struct CachePage
{
    int total = 0; // entries matching the filter, all pages together
    int offset = 0;
    QList<CacheEntry> entries;
};

// What "flush" removes: everything, one name (all types), or a name and all below it.
struct FlushRequest
{
    QByteArray wireName; // empty: the whole cache
    bool subtree = false;
};

enum class EventKind
{
    OutageBegan,
    OutageEnded,
    UpstreamDown,
    UpstreamUp,
    PeerCame,
    PeerWent,
    GroupJoined,
    GroupLeft,
    CacheFlushed,
    Counters, // pushed periodically, not kept in the event log
};

// A user-facing event: something an operator would want to be told about.
struct Event
{
    quint64 id = 0; // increasing, never reused while the daemon runs
    qint64 timeMs = 0;
    EventKind kind = EventKind::OutageBegan;
    QString subject;         // the group, peer or upstream concerned; may be empty
    QString text;            // one sentence for a person
    QList<Counter> counters; // only for EventKind::Counters
};

} // namespace Shoal::Control
