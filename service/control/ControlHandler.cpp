#include "service/control/ControlHandler.h"

#include "service/control/CacheListing.h"
#include "service/control/DnsTypeNames.h"
#include "service/control/ParamReader.h"
#include "service/dns/DnsName.h"
#include "shared/LogCategories.h"
#include "shared/Version.h"
#include "shared/control/ControlJson.h"
#include "shared/control/ControlProtocol.h"

#include <QDir>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QRegularExpression>
#include <QSet>
#include <array>
#include <cmath>

namespace Shoal {

namespace {

using namespace Qt::StringLiterals;

constexpr qint64 maxJsonInteger = 9'007'199'254'740'992; // 2^53: exact in every JSON reader
constexpr qsizetype maxIdLength = 64;
constexpr qsizetype maxGroupNameLength = 64;
constexpr qsizetype maxPassphraseLength = 1024;
constexpr qsizetype maxSecretLength = 4096; // base64 text
constexpr int minSecretBytes = 16;
constexpr qsizetype maxPathLength = 4096;

bool validId(const QJsonValue &id)
{
    if (id.isUndefined())
        return true;
    if (id.isString())
        return id.toString().size() <= maxIdLength;
    const double number = id.toDouble(-1);
    return id.isDouble() && number >= 0 && number <= double(maxJsonInteger) &&
           std::trunc(number) == number;
}

bool validGroupName(const QString &name)
{
    static const QRegularExpression pattern(u"^[A-Za-z0-9][A-Za-z0-9._-]*$"_s);
    return pattern.match(name).hasMatch();
}

QString keyKind(const Control::JoinRequest &request)
{
    if (request.open)
        return u"open"_s;
    if (!request.keyFile.isEmpty())
        return u"key file"_s;
    return request.passphrase.isEmpty() ? u"secret"_s : u"passphrase"_s;
}

QString userText(const ControlSession &session)
{
    return session.credentials.known() ? u"uid %1"_s.arg(session.credentials.uid)
                                       : u"an unknown user"_s;
}

int distinctNodes(const QList<Control::Peer> &peers)
{
    QSet<QString> nodes;
    for (const Control::Peer &peer : peers)
        nodes.insert(peer.nodeId);
    return int(nodes.size());
}

} // namespace

ControlHandler::ControlHandler(ControlBackend &backend, const AccessPolicy &policy,
                               const Clock &clock, Counters &counters, int eventLogCapacity)
    : m_backend(backend)
    , m_policy(policy)
    , m_clock(clock)
    , m_eventLog(eventLogCapacity)
    , m_counters(counters)
    , m_requests(counters.counter(u"control.requests"_s, u"control requests answered"_s))
    , m_badJson(counters.counter(u"control.dropped.bad-json"_s,
                                 u"control lines that were not a JSON object"_s))
    , m_badRequest(counters.counter(u"control.dropped.bad-request"_s,
                                    u"control messages without a usable method or id"_s))
    , m_unknownMethod(counters.counter(u"control.dropped.unknown-method"_s,
                                       u"control requests for a method that does not exist"_s))
    , m_badParams(counters.counter(u"control.dropped.bad-params"_s,
                                   u"control requests with missing or invalid parameters"_s))
    , m_permissionDenied(counters.counter(u"control.dropped.permission-denied"_s,
                                          u"control requests refused to a non-admin user"_s))
    , m_helloRequired(counters.counter(u"control.dropped.hello-required"_s,
                                       u"control clients that did not start with a hello"_s))
    , m_badProtocol(counters.counter(u"control.dropped.unsupported-protocol"_s,
                                     u"control clients speaking another protocol version"_s))
{}

QJsonObject ControlHandler::errorMessage(QLatin1StringView code, const QString &text,
                                         const QJsonValue &id)
{
    QJsonObject message{{"error"_L1, QJsonObject{{"code"_L1, code}, {"message"_L1, text}}}};
    if (!id.isUndefined())
        message.insert("id"_L1, id);
    return message;
}

ControlReply ControlHandler::refuse(quint64 &counter, QLatin1StringView code, const QString &text,
                                    const QJsonValue &id, bool close)
{
    ++counter;
    if (m_refusalLog.allow(m_clock.nowMs()))
        qCInfo(lcControl) << "control request refused" << code << text << "suppressed"
                          << m_refusalLog.suppressed();
    return {errorMessage(code, text, id), close};
}

ControlReply ControlHandler::handleLine(QByteArrayView line, ControlSession &session)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(line.toByteArray(), &parseError);
    if (!document.isObject()) {
        const QString text = parseError.error != QJsonParseError::NoError
                                 ? u"not valid JSON: %1"_s.arg(parseError.errorString())
                                 : u"a message must be a JSON object"_s;
        return refuse(m_badJson, Control::ErrorCode::badJson, text, QJsonValue::Null,
                      !session.greeted);
    }
    return handleMessage(document.object(), session);
}

ControlReply ControlHandler::handleMessage(const QJsonObject &message, ControlSession &session)
{
    if (!session.greeted)
        return handleHello(message, session);
    return handleRequest(message, session);
}

ControlReply ControlHandler::handleHello(const QJsonObject &message, ControlSession &session)
{
    const QJsonValue hello = message["hello"_L1];
    if (!hello.isObject())
        return refuse(m_helloRequired, Control::ErrorCode::helloRequired,
                      u"the first message must be {\"hello\": {\"protocol\": %1, ...}}"_s.arg(
                          Control::protocolVersion),
                      QJsonValue::Undefined, true);
    const QJsonValue protocol = hello["protocol"_L1];
    if (protocol.toDouble(-1) != Control::protocolVersion)
        return refuse(
            m_badProtocol, Control::ErrorCode::unsupportedProtocol,
            u"this shoald speaks control protocol %1 only; the client asked for %2"_s
                .arg(Control::protocolVersion)
                .arg(protocol.isDouble() ? QString::number(protocol.toDouble()) : u"none"_s),
            QJsonValue::Undefined, true);
    session.greeted = true;
    session.client = hello["client"_L1].toString().left(64);
    const QJsonObject reply{
        {"protocol"_L1, Control::protocolVersion},
        {"server"_L1, QString(u"shoald "_s + QLatin1StringView(Shoal::version))},
        {"mayChange"_L1, m_policy.mayChange(session.credentials)}};
    return {{{"hello"_L1, reply}}, false};
}

const ControlHandler::MethodEntry *ControlHandler::findMethod(const QString &name) const
{
    static const std::array<MethodEntry, 10> methods{{
        {Control::Method::status, &ControlHandler::status, false},
        {Control::Method::peers, &ControlHandler::peers, false},
        {Control::Method::groups, &ControlHandler::groups, false},
        {Control::Method::join, &ControlHandler::join, true},
        {Control::Method::leave, &ControlHandler::leave, true},
        {Control::Method::cache, &ControlHandler::cache, false},
        {Control::Method::flush, &ControlHandler::flush, true},
        {Control::Method::events, &ControlHandler::events, false},
        {Control::Method::subscribe, &ControlHandler::subscribe, false},
        {Control::Method::unsubscribe, &ControlHandler::unsubscribe, false},
    }};
    for (const MethodEntry &entry : methods) {
        if (entry.name == name)
            return &entry;
    }
    return nullptr;
}

ControlReply ControlHandler::handleRequest(const QJsonObject &message, ControlSession &session)
{
    const QJsonValue id = message["id"_L1];
    if (!validId(id))
        return refuse(m_badRequest, Control::ErrorCode::badRequest,
                      u"\"id\" must be a whole number from 0 to 2^53 or a short string"_s,
                      QJsonValue::Null);
    const QJsonValue replyId = id.isUndefined() ? QJsonValue(QJsonValue::Null) : id;
    const QJsonValue methodName = message["method"_L1];
    if (!methodName.isString())
        return refuse(m_badRequest, Control::ErrorCode::badRequest,
                      u"a request needs a \"method\" string"_s, replyId);
    const MethodEntry *entry = findMethod(methodName.toString());
    if (!entry)
        return refuse(m_unknownMethod, Control::ErrorCode::unknownMethod,
                      u"there is no method \"%1\""_s.arg(methodName.toString().left(64)), replyId);
    const QJsonValue paramsValue = message["params"_L1];
    if (!paramsValue.isUndefined() && !paramsValue.isObject())
        return refuse(m_badParams, Control::ErrorCode::badParams, u"\"params\" must be an object"_s,
                      replyId);
    if (entry->changes) {
        const QString reason = m_policy.refusalReason(session.credentials);
        if (!reason.isEmpty())
            return refuse(m_permissionDenied, Control::ErrorCode::permissionDenied,
                          u"%1 needs an administrator: %2"_s.arg(entry->name, reason), replyId);
    }
    ParamReader params(paramsValue.toObject());
    const MethodResult result = (this->*entry->method)(params, session);
    if (!params.ok())
        return refuse(m_badParams, Control::ErrorCode::badParams, params.error(), replyId);
    ++m_requests;
    if (!result.errorCode.isEmpty())
        return {errorMessage(result.errorCode, result.errorText, replyId), false};
    return {{{"id"_L1, replyId}, {"result"_L1, result.result}}, false};
}

ControlHandler::MethodResult ControlHandler::failure(const QString &reason)
{
    return {{}, Control::ErrorCode::failed, reason};
}

QList<Control::Counter> ControlHandler::counters() const
{
    QList<Control::Counter> result = m_backend.counters();
    for (const Counters::Entry &entry : m_counters.snapshot())
        result.append({entry.name, entry.value, entry.description});
    return result;
}

Control::Event ControlHandler::publish(Control::EventKind kind, const QString &subject,
                                       const QString &text)
{
    const Control::Event event = m_eventLog.append(kind, subject, text, m_clock.nowMs());
    if (m_eventListener)
        m_eventListener(event);
    return event;
}

ControlHandler::MethodResult ControlHandler::status(ParamReader &params, ControlSession &)
{
    params.allowOnly({});
    if (!params.ok())
        return {};
    Control::Status status = m_backend.status();
    const QList<Control::Peer> peers = m_backend.peers();
    status.nowMs = m_clock.nowMs();
    status.groupCount = int(m_backend.groups().size());
    status.peerCount = distinctNodes(peers);
    status.counters = counters();
    return {Control::toJson(status), {}, {}};
}

ControlHandler::MethodResult ControlHandler::peers(ParamReader &params, ControlSession &)
{
    params.allowOnly({});
    if (!params.ok())
        return {};
    return {{{"peers"_L1, Control::peersToJson(m_backend.peers())}}, {}, {}};
}

ControlHandler::MethodResult ControlHandler::groups(ParamReader &params, ControlSession &)
{
    params.allowOnly({});
    if (!params.ok())
        return {};
    return {{{"groups"_L1, Control::groupsToJson(m_backend.groups())}}, {}, {}};
}

QString ControlHandler::readGroupName(ParamReader &params) const
{
    const QString name = params.string("name"_L1, maxGroupNameLength, true);
    if (params.ok() && !validGroupName(name))
        params.fail(u"a group name is 1 to 64 letters, digits, '.', '_' or '-', starting with "
                    "a letter or digit"_s);
    return name;
}

Control::JoinRequest ControlHandler::readJoinRequest(ParamReader &params) const
{
    params.allowOnly({"name"_L1, "keyFile"_L1, "passphrase"_L1, "secret"_L1, "open"_L1,
                      "address"_L1, "port"_L1});
    Control::JoinRequest request;
    request.name = readGroupName(params);
    request.keyFile = params.string("keyFile"_L1, maxPathLength);
    request.passphrase = params.string("passphrase"_L1, maxPassphraseLength);
    const QString secret = params.string("secret"_L1, maxSecretLength);
    request.open = params.boolean("open"_L1, false);
    request.address = params.string("address"_L1, 64);
    request.port = int(params.integer("port"_L1, 0, 1, 65535));
    const int sources = int(!request.keyFile.isEmpty()) + int(!request.passphrase.isEmpty()) +
                        int(!secret.isEmpty()) + int(request.open);
    if (sources != 1)
        params.fail(u"give exactly one of keyFile, passphrase, secret or open"_s);
    if (!request.keyFile.isEmpty() && !QDir::isAbsolutePath(request.keyFile))
        params.fail(u"keyFile must be an absolute path"_s);
    if (!secret.isEmpty()) {
        const auto decoded = QByteArray::fromBase64Encoding(
            secret.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded || decoded.decoded.size() < minSecretBytes)
            params.fail(u"secret must be base64 of at least %1 bytes"_s.arg(minSecretBytes));
        else
            request.secret = decoded.decoded;
    }
    const QHostAddress address(request.address);
    if (!request.address.isEmpty() && !address.isMulticast())
        params.fail(u"address must be a multicast address"_s);
    return request;
}

ControlHandler::MethodResult ControlHandler::join(ParamReader &params, ControlSession &session)
{
    const Control::JoinRequest request = readJoinRequest(params);
    if (!params.ok())
        return {};
    qCInfo(lcControl) << "group join requested" << request.name << "key" << keyKind(request) << "by"
                      << userText(session);
    const QString error = m_backend.joinGroup(request);
    if (!error.isEmpty())
        return failure(error);
    publish(
        Control::EventKind::GroupJoined, request.name,
        u"Joined group %1 (%2, by %3)."_s.arg(request.name, keyKind(request), userText(session)));
    return {{{"joined"_L1, request.name}}, {}, {}};
}

ControlHandler::MethodResult ControlHandler::leave(ParamReader &params, ControlSession &session)
{
    params.allowOnly({"name"_L1});
    const QString name = readGroupName(params);
    if (!params.ok())
        return {};
    qCInfo(lcControl) << "group leave requested" << name << "by" << userText(session);
    const QString error = m_backend.leaveGroup(name);
    if (!error.isEmpty())
        return failure(error);
    publish(Control::EventKind::GroupLeft, name,
            u"Left group %1 (by %2)."_s.arg(name, userText(session)));
    return {{{"left"_L1, name}}, {}, {}};
}

Control::CacheQuery ControlHandler::readCacheQuery(ParamReader &params) const
{
    params.allowOnly(
        {"name"_L1, "type"_L1, "stale"_L1, "sort"_L1, "descending"_L1, "offset"_L1, "limit"_L1});
    Control::CacheQuery query;
    query.nameContains = params.string("name"_L1, Dns::maxNameLength * 4);
    const QString type = params.string("type"_L1, 16);
    query.type = type.isEmpty() ? std::nullopt : Control::typeFromText(type);
    if (!type.isEmpty() && !query.type)
        params.fail(u"type must be a record type such as AAAA or TYPE65"_s);
    query.staleOnly = params.boolean("stale"_L1, false);
    const QString sort = params.string("sort"_L1, 16);
    const auto sortKey = Control::cacheSortFromName(sort.isEmpty() ? u"name"_s : sort);
    if (!sortKey)
        params.fail(u"sort must be one of name, type, ttl, hits, source"_s);
    query.sort = sortKey.value_or(Control::CacheSort::Name);
    query.descending = params.boolean("descending"_L1, false);
    query.offset = int(params.integer("offset"_L1, 0, 0, INT_MAX));
    query.limit = int(params.integer("limit"_L1, 100, 1, Control::maxCachePageSize));
    return query;
}

ControlHandler::MethodResult ControlHandler::cache(ParamReader &params, ControlSession &)
{
    const Control::CacheQuery query = readCacheQuery(params);
    if (!params.ok())
        return {};
    const QList<Control::CacheEntry> entries = m_backend.cacheEntries(query);
    return {Control::toJson(Control::CacheListing::page(entries, query)), {}, {}};
}

ControlHandler::MethodResult ControlHandler::flush(ParamReader &params, ControlSession &session)
{
    params.allowOnly({"name"_L1, "subtree"_L1});
    const QString name = params.string("name"_L1, Dns::maxNameLength * 4);
    Control::FlushRequest request;
    request.subtree = params.boolean("subtree"_L1, false);
    const auto wireName = name.isEmpty() ? std::optional<QByteArray>() : Dns::nameFromText(name);
    if (!name.isEmpty() && !wireName)
        params.fail(u"name is not a valid domain name"_s);
    if (name.isEmpty() && request.subtree)
        params.fail(u"subtree needs a name"_s);
    if (!params.ok())
        return {};
    request.wireName = wireName.value_or(QByteArray());
    const int removed = m_backend.flushCache(request);
    const QString what = name.isEmpty()    ? u"the whole cache"_s
                         : request.subtree ? u"%1 and below"_s.arg(Dns::nameToText(*wireName))
                                           : Dns::nameToText(*wireName);
    qCInfo(lcControl) << "cache flushed" << what << "removed" << removed << "by"
                      << userText(session);
    publish(Control::EventKind::CacheFlushed, name,
            u"Flushed %1: %2 entries removed (by %3)."_s.arg(what, QString::number(removed),
                                                             userText(session)));
    return {{{"removed"_L1, removed}}, {}, {}};
}

ControlHandler::MethodResult ControlHandler::events(ParamReader &params, ControlSession &)
{
    params.allowOnly({"after"_L1, "limit"_L1});
    const qint64 after = params.integer("after"_L1, 0, 0, maxJsonInteger);
    const int limit = int(params.integer("limit"_L1, 100, 1, Control::maxEventsPerCall));
    if (!params.ok())
        return {};
    const QList<Control::Event> events = m_eventLog.since(quint64(after), limit);
    return {
        {{"events"_L1, Control::eventsToJson(events)}, {"lastId"_L1, qint64(m_eventLog.lastId())}},
        {},
        {}};
}

ControlHandler::MethodResult ControlHandler::subscribe(ParamReader &params, ControlSession &session)
{
    params.allowOnly({"events"_L1});
    const QStringList topics = params.strings("events"_L1, 32, 32);
    const QStringList known = Control::eventTopics();
    for (const QString &topic : topics) {
        if (!known.contains(topic))
            params.fail(
                u"unknown event topic \"%1\"; topics are %2"_s.arg(topic, known.join(u", ")));
    }
    if (topics.isEmpty())
        params.fail(u"events must list at least one topic: %1"_s.arg(known.join(u", ")));
    if (!params.ok())
        return {};
    for (const QString &topic : topics)
        session.topics.insert(topic);
    QStringList now = session.topics.values();
    now.sort();
    return {{{"subscribed"_L1, QJsonArray::fromStringList(now)}}, {}, {}};
}

ControlHandler::MethodResult ControlHandler::unsubscribe(ParamReader &params,
                                                         ControlSession &session)
{
    params.allowOnly({"events"_L1});
    const QStringList topics = params.strings("events"_L1, 32, 32);
    if (!params.ok())
        return {};
    if (topics.isEmpty())
        session.topics.clear();
    for (const QString &topic : topics)
        session.topics.remove(topic);
    QStringList now = session.topics.values();
    now.sort();
    return {{{"subscribed"_L1, QJsonArray::fromStringList(now)}}, {}, {}};
}

} // namespace Shoal
