#include "service/config/ConfigOptions.h"

#include "service/config/ValueParsers.h"
#include "service/dns/DnsName.h"
#include "service/peer/GroupName.h"

#include <QDir>
#include <QStringList>
#include <algorithm>
#include <chrono>

namespace Shoal {

namespace {

using namespace Qt::StringLiterals;
using Kind = ConfigOption::Kind;
using std::chrono::milliseconds;
using namespace std::chrono_literals;

// sun_path of a Unix socket holds 108 bytes including the terminating NUL.
constexpr qsizetype maxSocketPathBytes = 107;
// Linux interface names are at most IFNAMSIZ - 1 bytes.
constexpr qsizetype maxInterfaceNameLength = 15;
constexpr qsizetype maxSystemGroupNameLength = 32;

bool fail(QString &why, const ConfigValue &value, const QString &reason)
{
    why = u"bad value \"" + value.text + u"\": " + reason;
    return false;
}

bool isWordCharacter(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') ||
           c == u'-' || c == u'_' || c == u'.';
}

bool isWord(QStringView text, qsizetype maxLength)
{
    if (text.isEmpty() || text.size() > maxLength || text.front() == u'-')
        return false;
    for (const QChar c : text) {
        if (!isWordCharacter(c))
            return false;
    }
    return true;
}

QString orNone(const QString &text)
{
    return text.isEmpty() ? QStringLiteral("none") : text;
}

QString joinEndpoints(const QList<Endpoint> &endpoints)
{
    QStringList texts;
    for (const Endpoint &endpoint : endpoints)
        texts.append(endpoint.toString());
    return texts.join(QStringLiteral(", "));
}

QString joinGroupNames(const QList<GroupConfig> &groups, bool open)
{
    QStringList names;
    for (const GroupConfig &group : groups) {
        if (group.open == open)
            names.append(group.name);
    }
    return orNone(names.join(QStringLiteral(", ")));
}

// Why the daemon cannot use `endpoint` as a listen address; empty if it can.
QString refuseListen(const Endpoint &endpoint)
{
    if (endpoint.address.isMulticast())
        return QStringLiteral("a multicast address cannot answer queries");
    return {};
}

// Why `endpoint` cannot be a server to forward to; empty if it can.
QString refuseUpstream(const Endpoint &endpoint)
{
    const QHostAddress &address = endpoint.address;
    if (address == QHostAddress::AnyIPv4 || address == QHostAddress::AnyIPv6)
        return QStringLiteral("the unspecified address is not a server");
    if (address.isMulticast() || address.isBroadcast())
        return QStringLiteral("not a unicast address");
    return {};
}

ConfigOption endpointList(const QString &name, const QString &description,
                          QList<Endpoint> DaemonConfig::*field, QString (*refuse)(const Endpoint &))
{
    return {name,
            QStringLiteral("ADDR[:PORT]"),
            description,
            Kind::List,
            [field](const DaemonConfig &config) { return joinEndpoints(config.*field); },
            [field](DaemonConfig &config) { (config.*field).clear(); },
            [field, refuse](DaemonConfig &config, const ConfigValue &value, QString &why) {
                QString reason;
                const auto endpoint = parseEndpoint(value.text, 53, &reason);
                if (!endpoint)
                    return fail(why, value, reason);
                reason = refuse(*endpoint);
                if (!reason.isEmpty())
                    return fail(why, value, reason);
                (config.*field).append(*endpoint);
                return true;
            }};
}

QString unitName(milliseconds unit)
{
    return unit == 1s ? u"seconds"_s : u"milliseconds"_s;
}

bool readDuration(const ConfigValue &value, milliseconds bareUnit, milliseconds fieldUnit,
                  std::pair<milliseconds, milliseconds> range, qint64 &out, QString &why)
{
    QString reason;
    const auto duration = parseDuration(value.text, bareUnit, &reason);
    if (!duration)
        return fail(why, value, reason);
    if (*duration < range.first)
        return fail(why, value, u"below the minimum of " + formatDuration(range.first));
    if (*duration > range.second)
        return fail(why, value, u"above the maximum of " + formatDuration(range.second));
    if (duration->count() % fieldUnit.count() != 0)
        return fail(why, value, u"not a whole number of " + unitName(fieldUnit));
    out = duration->count() / fieldUnit.count();
    return true;
}

// A duration field counted in fieldUnit (seconds or milliseconds); bare numbers in the value
// count in the same unit, so "--max-ttl 300" is 300 seconds and "--client-budget 300" 300 ms.
template<typename Field>
ConfigOption duration(const QString &name, const QString &description, Field DaemonConfig::*field,
                      milliseconds fieldUnit, std::pair<milliseconds, milliseconds> range)
{
    const QString limits =
        QStringLiteral(" Bare number: %1; range %2 to %3.")
            .arg(unitName(fieldUnit), formatDuration(range.first), formatDuration(range.second));
    return {
        name,
        QStringLiteral("DURATION"),
        description + limits,
        Kind::Value,
        [field, fieldUnit](const DaemonConfig &config) {
            return formatDuration(qint64(config.*field) * fieldUnit);
        },
        {},
        [field, fieldUnit, range](DaemonConfig &config, const ConfigValue &value, QString &why) {
            qint64 count = 0;
            if (!readDuration(value, fieldUnit, fieldUnit, range, count, why))
                return false;
            config.*field = Field(count);
            return true;
        }};
}

// A path field; relative values are taken from the file's folder or the working directory.
ConfigOption path(const QString &name, const QString &description, QString DaemonConfig::*field,
                  qsizetype maxBytes = 4096)
{
    return {name,
            QStringLiteral("PATH"),
            description,
            Kind::Value,
            [field](const DaemonConfig &config) { return config.*field; },
            {},
            [field, maxBytes](DaemonConfig &config, const ConfigValue &value, QString &why) {
                if (value.text.isEmpty())
                    return fail(why, value, QStringLiteral("empty path"));
                const QString absolute = absolutePath(value);
                if (absolute.toUtf8().size() > maxBytes)
                    return fail(why, value,
                                QStringLiteral("path longer than %1 bytes").arg(maxBytes));
                config.*field = absolute;
                return true;
            }};
}

ConfigOption listenOption()
{
    return endpointList(u"listen"_s,
                        u"Answer DNS queries (UDP and TCP) on this address; a bare address means "
                        "port 53."_s,
                        &DaemonConfig::listen, refuseListen);
}

ConfigOption allowOption()
{
    return {u"allow"_s,
            u"CIDR"_s,
            u"Also answer clients from this subnet (192.0.2.0/24, 2001:db8::/32); loopback "
            "clients are always answered."_s,
            Kind::List,
            [](const DaemonConfig &config) {
                QStringList texts;
                for (const Subnet &subnet : config.allow)
                    texts.append(formatCidr(subnet));
                return texts.isEmpty() ? u"none (loopback only)"_s : texts.join(u", "_s);
            },
            [](DaemonConfig &config) { config.allow.clear(); },
            [](DaemonConfig &config, const ConfigValue &value, QString &why) {
                QString reason;
                const auto subnet = parseCidr(value.text, &reason);
                if (!subnet)
                    return fail(why, value, reason);
                config.allow.append(*subnet);
                return true;
            }};
}

ConfigOption upstreamOption()
{
    ConfigOption option = endpointList(
        u"upstream"_s, u"Forward queries to this DNS server; a bare address means port 53."_s,
        &DaemonConfig::upstreams, refuseUpstream);
    option.show = [](const DaemonConfig &config) {
        return config.upstreams.isEmpty()
                   ? u"none (the nameservers of "_s + config.resolvConfPath + u')'
                   : joinEndpoints(config.upstreams);
    };
    return option;
}

ConfigOption cacheSizeOption()
{
    constexpr qint64 minBytes = qint64(64) << 10;
    constexpr qint64 maxBytes = qint64(16) << 30;
    return {u"cache-size"_s,
            u"SIZE"_s,
            u"Largest size of the cache: bytes, or with a K, M or G suffix (1K = 1024); range "
            "64K to 16G."_s,
            Kind::Value,
            [](const DaemonConfig &config) { return formatSize(config.cacheSizeBytes); },
            {},
            [](DaemonConfig &config, const ConfigValue &value, QString &why) {
                QString reason;
                const auto size = parseSize(value.text, &reason);
                if (!size)
                    return fail(why, value, reason);
                if (*size < minBytes || *size > maxBytes)
                    return fail(why, value, u"out of range 64K-16G"_s);
                config.cacheSizeBytes = *size;
                return true;
            }};
}

ConfigOption maxTcpClientsOption()
{
    return {u"max-tcp-clients"_s,
            u"COUNT"_s,
            u"Most TCP clients served at once; range 1 to 10000."_s,
            Kind::Value,
            [](const DaemonConfig &config) { return QString::number(config.maxTcpClients); },
            {},
            [](DaemonConfig &config, const ConfigValue &value, QString &why) {
                QString reason;
                const auto count = parseNumber(value.text, &reason);
                if (!count)
                    return fail(why, value, reason);
                if (*count < 1 || *count > 10000)
                    return fail(why, value, u"out of range 1-10000"_s);
                config.maxTcpClients = int(*count);
                return true;
            }};
}

ConfigOption verboseOption()
{
    return {u"verbose"_s,
            QString(),
            u"Log debug messages of every shoal.* category. In the file: true or false."_s,
            Kind::Flag,
            [](const DaemonConfig &config) { return config.verbose ? u"true"_s : u"false"_s; },
            {},
            [](DaemonConfig &config, const ConfigValue &value, QString &why) {
                QString reason;
                const auto flag = parseBool(value.text, &reason);
                if (!flag)
                    return fail(why, value, reason);
                config.verbose = *flag;
                return true;
            }};
}

bool readGroup(const ConfigValue &value, GroupConfig &group, QString &why)
{
    const qsizetype equals = value.text.indexOf(u'=');
    const auto name = GroupName::normalized(equals < 0 ? value.text : value.text.first(equals));
    if (!name)
        return fail(why, value, badGroupNameReason);
    group.name = *name;
    if (equals < 0)
        return true;
    const ConfigValue keyFile{value.text.sliced(equals + 1), value.origin, value.baseDir};
    if (keyFile.text.isEmpty())
        return fail(why, value, u"empty key file after '='"_s);
    group.keyFile = absolutePath(keyFile);
    return true;
}

ConfigOption groupOption()
{
    return {u"group"_s,
            u"NAME[=KEYFILE]"_s,
            u"Join the keyed group NAME; its secret is read from KEYFILE, by default "
            "STATE-DIR/groups/NAME.key."_s,
            Kind::List,
            [](const DaemonConfig &config) { return joinGroupNames(config.groups, false); },
            [](DaemonConfig &) {},
            [](DaemonConfig &config, const ConfigValue &value, QString &why) {
                GroupConfig group;
                if (!readGroup(value, group, why))
                    return false;
                config.groups.append(group);
                return true;
            }};
}

ConfigOption openGroupOption()
{
    return {u"open-group"_s,
            u"NAME"_s,
            u"Join the open (unkeyed) group NAME: its members' records are only taken as "
            "answers to this node's own questions."_s,
            Kind::List,
            [](const DaemonConfig &config) { return joinGroupNames(config.groups, true); },
            [](DaemonConfig &) {},
            [](DaemonConfig &config, const ConfigValue &value, QString &why) {
                const auto name = GroupName::normalized(value.text);
                if (!name)
                    return fail(why, value, badGroupNameReason);
                GroupConfig group;
                group.name = *name;
                group.open = true;
                config.groups.append(group);
                return true;
            }};
}

ConfigOption peerInterfaceOption()
{
    return {u"peer-interface"_s,
            u"IFACE"_s,
            u"Network interface for group traffic."_s,
            Kind::Value,
            [](const DaemonConfig &config) {
                return config.peerInterface.isEmpty()
                           ? u"the first multicast interface that is up"_s
                           : config.peerInterface;
            },
            {},
            [](DaemonConfig &config, const ConfigValue &value, QString &why) {
                const QString &name = value.text;
                const bool bad = name.size() > maxInterfaceNameLength || name.contains(u'/') ||
                                 name.contains(u':') || name.contains(u' ') || name.contains(u'\t');
                if (bad)
                    return fail(why, value, u"not an interface name"_s);
                config.peerInterface = name;
                return true;
            }};
}

ConfigOption peerPortOption()
{
    return {u"peer-port"_s,
            u"PORT"_s,
            u"UDP port of the groups that do not name their own."_s,
            Kind::Value,
            [](const DaemonConfig &config) { return QString::number(config.peerPort); },
            {},
            [](DaemonConfig &config, const ConfigValue &value, QString &why) {
                QString reason;
                const auto port = parsePort(value.text, &reason);
                if (!port)
                    return fail(why, value, reason);
                config.peerPort = *port;
                return true;
            }};
}

bool isDomainCharacter(QChar c)
{
    return isWordCharacter(c);
}

ConfigOption privateDomainOption()
{
    return {u"private-domain"_s,
            u"DOMAIN"_s,
            u"Names at or below DOMAIN are never asked of peers, answered to them, nor shared."_s,
            Kind::List,
            [](const DaemonConfig &config) { return orNone(config.privateDomains.join(u", "_s)); },
            [](DaemonConfig &config) { config.privateDomains.clear(); },
            [](DaemonConfig &config, const ConfigValue &value, QString &why) {
                const bool plain =
                    std::all_of(value.text.cbegin(), value.text.cend(), isDomainCharacter);
                const auto wire = plain ? Dns::nameFromText(value.text) : std::nullopt;
                if (!wire)
                    return fail(why, value, u"not a domain name"_s);
                const QString canonical = Dns::nameToText(Dns::lowercasedName(*wire));
                if (!config.privateDomains.contains(canonical))
                    config.privateDomains.append(canonical);
                return true;
            }};
}

ConfigOption adminGroupOption()
{
    return {u"admin-group"_s,
            u"GROUP"_s,
            u"System group whose members may change groups over the control channel; empty: "
            "only root and the daemon's user."_s,
            Kind::Value,
            [](const DaemonConfig &config) { return orNone(config.adminGroup); },
            {},
            [](DaemonConfig &config, const ConfigValue &value, QString &why) {
                if (!value.text.isEmpty() && !isWord(value.text, maxSystemGroupNameLength))
                    return fail(why, value, u"not a system group name"_s);
                config.adminGroup = value.text;
                return true;
            }};
}

QList<ConfigOption> buildOptions()
{
    using P = std::pair<milliseconds, milliseconds>;
    return {
        listenOption(),
        allowOption(),
        upstreamOption(),
        path(u"resolv-conf"_s,
             u"File whose nameserver lines are the upstreams when no --upstream is given."_s,
             &DaemonConfig::resolvConfPath),
        path(u"state-dir"_s, u"Directory of the saved cache and other state."_s,
             &DaemonConfig::stateDir),
        cacheSizeOption(),
        duration(u"stale-limit"_s,
                 u"How long past its TTL an entry may be served while the upstream fails "
                 "(RFC 8767)."_s,
                 &DaemonConfig::staleLimitSeconds, 1s,
                 P{0s, milliseconds(DaemonConfig::maxStaleLimitSeconds * 1000)}),
        duration(u"max-ttl"_s, u"Longer TTLs are lowered to this before caching."_s,
                 &DaemonConfig::maxTtlSeconds, 1s, P{1s, 7 * 24h}),
        duration(u"max-negative-ttl"_s,
                 u"Negative answers (NXDOMAIN, NODATA) are cached at most this long."_s,
                 &DaemonConfig::maxNegativeTtlSeconds, 1s, P{1s, 24h}),
        duration(u"client-budget"_s,
                 u"How long a client waits for the upstream before a stale entry is served."_s,
                 &DaemonConfig::clientBudgetMs, 1ms, P{0ms, 1800ms}),
        duration(u"upstream-timeout"_s,
                 u"Longest time one question is worked on upstream, all its attempts together."_s,
                 &DaemonConfig::upstreamTimeoutMs, 1ms, P{100ms, 30s}),
        duration(
            u"recheck-interval"_s,
            u"In an outage: when the upstreams are first probed again (the wait then doubles, up to 5 minutes)."_s,
            &DaemonConfig::recheckIntervalMs, 1ms, P{1s, 1h}),
        duration(u"cache-flush-interval"_s,
                 u"How long cache changes may wait before they are saved to the state "
                 "directory."_s,
                 &DaemonConfig::cacheFlushIntervalMs, 1ms, P{100ms, 1h}),
        maxTcpClientsOption(),
        duration(u"tcp-idle-timeout"_s,
                 u"A TCP client that sends nothing for this long is disconnected."_s,
                 &DaemonConfig::tcpIdleTimeoutMs, 1ms, P{100ms, 10min}),
        groupOption(),
        openGroupOption(),
        peerInterfaceOption(),
        peerPortOption(),
        privateDomainOption(),
        path(u"control"_s, u"Path of the control channel's local socket."_s,
             &DaemonConfig::controlSocket, maxSocketPathBytes),
        adminGroupOption(),
        verboseOption(),
    };
}

} // namespace

const QList<ConfigOption> &configOptions()
{
    static const QList<ConfigOption> options = buildOptions();
    return options;
}

const ConfigOption *findConfigOption(QStringView name)
{
    for (const ConfigOption &option : configOptions()) {
        if (option.name == name)
            return &option;
    }
    return nullptr;
}

const QString badGroupNameReason =
    u"a group name is 1-63 of a-z 0-9 - (any case), not starting or ending with '-'"_s;

QString absolutePath(const ConfigValue &value)
{
    return QDir::cleanPath(QDir(value.baseDir).absoluteFilePath(value.text));
}

} // namespace Shoal
