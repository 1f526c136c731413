#include "ctl/CommandLine.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QFileInfo>
#include <array>
#include <limits>
#include <utility>

namespace Shoal::Ctl {

namespace {

using namespace Qt::StringLiterals;
using Verb = CtlCommand::Verb;

struct VerbInfo
{
    Verb verb;
    QLatin1StringView name;
    int minArguments;
    int maxArguments;
    QStringList options; // besides socket, json, help
};

const std::array<VerbInfo, 10> &verbs()
{
    static const std::array<VerbInfo, 10> table{{
        {Verb::Status, "status"_L1, 0, 0, {}},
        {Verb::Counters, "counters"_L1, 0, 0, {}},
        {Verb::Peers, "peers"_L1, 0, 0, {}},
        {Verb::Groups, "groups"_L1, 0, 0, {}},
        {Verb::Join,
         "join"_L1,
         1,
         1,
         {u"key-file"_s, u"secret"_s, u"open"_s, u"address"_s, u"port"_s}},
        {Verb::Leave, "leave"_L1, 1, 1, {}},
        {Verb::Cache,
         "cache"_L1,
         0,
         1,
         {u"type"_s, u"limit"_s, u"offset"_s, u"sort"_s, u"reverse"_s, u"stale"_s}},
        {Verb::Flush, "flush"_L1, 0, 1, {u"subtree"_s}},
        {Verb::Events, "events"_L1, 0, 0, {u"limit"_s}},
        {Verb::Watch, "watch"_L1, 0, 0, {}},
    }};
    return table;
}

const VerbInfo *findVerb(const QString &name)
{
    for (const VerbInfo &info : verbs()) {
        if (info.name == name)
            return &info;
    }
    return nullptr;
}

QList<QCommandLineOption> allOptions()
{
    return {
        {u"socket"_s, u"The daemon's control socket."_s, u"path"_s},
        {u"json"_s, u"Print the daemon's answer as JSON."_s},
        {u"key-file"_s, u"join: the group's key file."_s, u"file"_s},
        {u"secret"_s, u"join: the group's secret in base64 (\"-\": read it from stdin)."_s,
         u"base64"_s},
        {u"open"_s, u"join: an open group, without a key."_s},
        {u"address"_s, u"join: the group's multicast address."_s, u"address"_s},
        {u"port"_s, u"join: the group's port."_s, u"port"_s},
        {u"type"_s, u"cache: only records of this type."_s, u"type"_s},
        {u"limit"_s, u"cache, events: show at most this many (1-1000)."_s, u"n"_s},
        {u"offset"_s, u"cache: skip this many matching entries (the next page)."_s, u"n"_s},
        {u"sort"_s, u"cache: name, type, ttl, hits or source."_s, u"key"_s},
        {u"reverse"_s, u"cache: reverse the order."_s},
        {u"stale"_s, u"cache: only expired entries."_s},
        {u"subtree"_s, u"flush: the name and everything below it."_s},
        {{u"h"_s, u"help"_s}, u"Show this help."_s},
        {u"version"_s, u"Show the version."_s},
    };
}

CommandLine::Result error(const QString &message)
{
    CommandLine::Result result;
    result.kind = CommandLine::Result::Kind::Error;
    result.message = message;
    return result;
}

std::optional<int> number(const QString &text, int min, int max)
{
    bool ok = false;
    const int value = text.toInt(&ok);
    if (!ok || value < min || value > max)
        return std::nullopt;
    return value;
}

QString checkOptions(const QCommandLineParser &parser, const VerbInfo &verb)
{
    static const QStringList general{u"socket"_s, u"json"_s, u"help"_s, u"h"_s, u"version"_s};
    for (const QString &option : parser.optionNames()) {
        if (!general.contains(option) && !verb.options.contains(option))
            return u"--%1 is not an option of %2"_s.arg(option, verb.name);
    }
    return {};
}

QString readJoinOptions(const QCommandLineParser &parser, CtlCommand &command)
{
    if (parser.isSet(u"key-file"_s))
        command.keyFile = QFileInfo(parser.value(u"key-file"_s)).absoluteFilePath();
    command.secret = parser.value(u"secret"_s);
    command.open = parser.isSet(u"open"_s);
    command.address = parser.value(u"address"_s);
    const int keys =
        int(parser.isSet(u"key-file"_s)) + int(parser.isSet(u"secret"_s)) + int(command.open);
    if (keys > 1)
        return u"give only one of --key-file, --secret and --open"_s;
    command.passphraseNeeded = keys == 0;
    if (parser.isSet(u"port"_s)) {
        const auto port = number(parser.value(u"port"_s), 1, 65535);
        if (!port)
            return u"--port must be a number from 1 to 65535"_s;
        command.port = *port;
    }
    return {};
}

QString readListOptions(const QCommandLineParser &parser, CtlCommand &command)
{
    command.type = parser.value(u"type"_s);
    command.sort = parser.value(u"sort"_s);
    command.descending = parser.isSet(u"reverse"_s);
    command.staleOnly = parser.isSet(u"stale"_s);
    if (parser.isSet(u"limit"_s)) {
        const auto limit = number(parser.value(u"limit"_s), 1, 1000);
        if (!limit)
            return u"--limit must be a number from 1 to 1000"_s;
        command.limit = *limit;
    }
    if (parser.isSet(u"offset"_s)) {
        const auto offset = number(parser.value(u"offset"_s), 0, std::numeric_limits<int>::max());
        if (!offset)
            return u"--offset must be a number from 0"_s;
        command.offset = *offset;
    }
    return {};
}

} // namespace

QString CommandLine::helpText(const QString &defaultSocketPath)
{
    return uR"(Usage: shoalctl [options] COMMAND [ARGUMENTS]

Shows and changes the state of shoald, the caching DNS resolver that shares records with
its groups when the DNS server is gone.

Commands:
  status                     version, uptime, outage state, upstreams, cache, hit ratio
  counters                   every counter of the daemon (queries, drops by reason, ...)
  peers                      the peers heard in each group
  groups                     the groups this daemon has joined
  join NAME                  join a group; the key comes from --key-file, --secret, or
                             --open, else a passphrase is asked for (read from stdin
                             when it is not a terminal)
  leave NAME                 leave a group
  cache [PATTERN]            list cache entries whose name contains PATTERN
  flush [NAME]               remove NAME (all types) from the cache, with --subtree
                             everything below it too; without NAME the whole cache
  events                     the recent event log (outages, peers, groups)
  watch                      print events as they happen, until Ctrl-C

Options:
  --socket PATH              control socket (default: %1)
  --json                     print the daemon's answer as JSON
  --key-file FILE            join: key file, read by the daemon
  --secret BASE64            join: secret ("-" reads it from stdin; a secret on the
                             command line is visible to other local users)
  --open                     join: open group without a key
  --address ADDR, --port N   join: multicast address and port (default: from the name)
  --type T, --stale          cache: only this record type / only expired entries
  --sort KEY, --reverse      cache: order by name, type, ttl, hits or source
  --limit N                  cache, events: at most N (1-1000; default 100)
  --offset N                 cache: skip the first N matching entries, for the next
                             page (the table's last line says which entries it shows)
  --subtree                  flush: NAME and everything below it
  -h, --help, --version

join, leave and flush need root, the daemon's user, or its admin group.

Exit status:
  0  done
  1  the daemon answered with an error, or the connection broke
  2  wrong command line or parameters
  3  the daemon is not running
  4  permission denied
)"_s.arg(defaultSocketPath);
}

CommandLine::Result CommandLine::parse(const QStringList &arguments,
                                       const std::function<QString()> &defaultSocketPath)
{
    QCommandLineParser parser;
    parser.addOptions(allOptions());
    if (!parser.parse(arguments))
        return error(parser.errorText());
    Result result;
    if (parser.isSet(u"help"_s)) {
        result.kind = Result::Kind::Help;
        result.message = helpText(defaultSocketPath());
        return result;
    }
    if (parser.isSet(u"version"_s)) {
        result.kind = Result::Kind::Version;
        return result;
    }
    QStringList positional = parser.positionalArguments();
    if (positional.isEmpty())
        return error(u"no command given"_s);
    const VerbInfo *verb = findVerb(positional.takeFirst());
    if (!verb)
        return error(u"unknown command \"%1\""_s.arg(parser.positionalArguments().first()));
    if (positional.size() < verb->minArguments || positional.size() > verb->maxArguments)
        return error(verb->minArguments == 1 ? u"%1 needs exactly one NAME"_s.arg(verb->name)
                                             : u"too many arguments for %1"_s.arg(verb->name));
    if (const QString problem = checkOptions(parser, *verb); !problem.isEmpty())
        return error(problem);

    CtlCommand &command = result.command;
    command.verb = verb->verb;
    command.socketPath =
        parser.isSet(u"socket"_s) ? parser.value(u"socket"_s) : defaultSocketPath();
    command.json = parser.isSet(u"json"_s);
    command.name = positional.value(0);
    command.subtree = parser.isSet(u"subtree"_s);
    if (command.subtree && command.name.isEmpty())
        return error(u"--subtree needs a NAME"_s);
    QString problem = command.verb == Verb::Join ? readJoinOptions(parser, command)
                                                 : readListOptions(parser, command);
    if (!problem.isEmpty())
        return error(problem);
    result.kind = Result::Kind::Run;
    return result;
}

} // namespace Shoal::Ctl
