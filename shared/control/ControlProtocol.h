#pragma once

#include "shared/control/ControlTypes.h"

#include <QLatin1StringView>
#include <QString>
#include <optional>

// Constants of the control protocol (docs/control-protocol.md): its version, its size limits,
// and the names that appear on the wire, so the daemon and every client spell them alike.
namespace Shoal::Control {

inline constexpr int protocolVersion = 1;

// A request line, newline included, may not be longer than this.
inline constexpr qsizetype maxRequestLineBytes = 64 * 1024;
// Replies can be larger (a cache page); clients refuse lines longer than this.
inline constexpr qsizetype maxReplyLineBytes = 32 * 1024 * 1024;
// The largest page the "cache" method returns.
inline constexpr int maxCachePageSize = 1000;
// The most events one "events" call returns.
inline constexpr int maxEventsPerCall = 1000;

namespace Method {
inline constexpr QLatin1StringView status("status");
inline constexpr QLatin1StringView peers("peers");
inline constexpr QLatin1StringView groups("groups");
inline constexpr QLatin1StringView join("join");
inline constexpr QLatin1StringView leave("leave");
inline constexpr QLatin1StringView cache("cache");
inline constexpr QLatin1StringView flush("flush");
inline constexpr QLatin1StringView events("events");
inline constexpr QLatin1StringView subscribe("subscribe");
inline constexpr QLatin1StringView unsubscribe("unsubscribe");
} // namespace Method

// The "code" of an error reply. Clients act on these; the message is for people.
namespace ErrorCode {
inline constexpr QLatin1StringView badJson("bad-json");
inline constexpr QLatin1StringView badRequest("bad-request");
inline constexpr QLatin1StringView badParams("bad-params");
inline constexpr QLatin1StringView unknownMethod("unknown-method");
inline constexpr QLatin1StringView permissionDenied("permission-denied");
inline constexpr QLatin1StringView failed("failed");
inline constexpr QLatin1StringView helloRequired("hello-required");
inline constexpr QLatin1StringView unsupportedProtocol("unsupported-protocol");
inline constexpr QLatin1StringView lineTooLong("line-too-long");
inline constexpr QLatin1StringView tooManyClients("too-many-clients");
inline constexpr QLatin1StringView helloTimeout("hello-timeout");
} // namespace ErrorCode

// Event kinds on the wire ("outage.began"); the part before the dot is the topic a client
// subscribes to ("outage").
QString eventKindName(EventKind kind);
std::optional<EventKind> eventKindFromName(QStringView name);
QString eventTopic(EventKind kind);
// Every topic a client may subscribe to.
QStringList eventTopics();

QString cacheSortName(CacheSort sort);
std::optional<CacheSort> cacheSortFromName(QStringView name);

} // namespace Shoal::Control
