#include "service/config/ConfigLoader.h"

#include "service/config/ConfigFile.h"
#include "service/config/ConfigOptions.h"
#include "service/config/ValueParsers.h"
#include "service/peer/GroupName.h"
#include "shared/Version.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QMap>
#include <QNetworkInterface>
#include <QSet>
#include <cstdio>
#include <cstdlib>

namespace Shoal {

namespace {

using namespace Qt::StringLiterals;
using Kind = ConfigOption::Kind;

// Bounds what a file or command line can make the daemon set up; far above any real use.
constexpr qsizetype maxListValues = 64;
constexpr qsizetype maxGroups = 64;

// Option name -> its values in the order given. A present key with no values (upstream =)
// still replaces the default list.
using ValueMap = QMap<QString, QList<ConfigValue>>;

// What one source (the file or the command line) says.
struct Source
{
    ValueMap values;
    QList<ConfigFile::GroupSection> groupSections;
    QString fileDir;
};

bool isGroupListOption(const QString &name)
{
    return name == u"group" || name == u"open-group";
}

QList<ConfigValue> splitList(const QString &text, const QString &origin, const QString &baseDir)
{
    QList<ConfigValue> values;
    for (const QString &item : text.split(u',', Qt::SkipEmptyParts)) {
        const QString trimmed = item.trimmed();
        if (!trimmed.isEmpty())
            values.append({trimmed, origin, baseDir});
    }
    return values;
}

void addParserOptions(QCommandLineParser &parser)
{
    parser.addOption(QCommandLineOption(QStringList{u"h"_s, u"help"_s}));
    parser.addOption(QCommandLineOption(u"version"_s));
    parser.addOption(QCommandLineOption(u"config"_s, QString(), u"FILE"_s));
    for (const ConfigOption &option : configOptions())
        parser.addOption(QCommandLineOption(option.name, QString(), option.valueName));
}

bool commandLineValues(const QCommandLineParser &parser, const ConfigOption &option,
                       ValueMap &values, QString &error)
{
    const QString origin = u"--" + option.name;
    const QString cwd = QDir::currentPath();
    if (option.kind == Kind::Flag) {
        values[option.name] = {{u"true"_s, origin, cwd}};
        return true;
    }
    const QStringList given = parser.values(option.name);
    if (option.kind == Kind::Value && given.size() > 1) {
        error = origin + u": given more than once";
        return false;
    }
    QList<ConfigValue> &list = values[option.name];
    for (const QString &text : given) {
        if (option.kind == Kind::List)
            list += splitList(text, origin, cwd);
        else
            list.append({text, origin, cwd});
    }
    return true;
}

bool readCommandLine(const QCommandLineParser &parser, Source &source, QString &error)
{
    const QStringList positional = parser.positionalArguments();
    if (!positional.isEmpty()) {
        error = u"unexpected argument \"" + positional.front() + u"\" (options start with --)";
        return false;
    }
    for (const ConfigOption &option : configOptions()) {
        if (parser.isSet(option.name) && !commandLineValues(parser, option, source.values, error))
            return false;
    }
    return true;
}

bool addFileEntry(const ConfigFile &file, const ConfigFile::Entry &entry, const QString &fileDir,
                  QHash<QString, int> &firstLines, ValueMap &values, QString &error)
{
    const QString location = file.location(entry.line);
    const ConfigOption *option = findConfigOption(entry.key);
    if (!option) {
        error = location + u": unknown key \"" + entry.key + u'"';
        return false;
    }
    if (option->kind != Kind::List && firstLines.contains(entry.key)) {
        error = location + u": " + entry.key + u": given twice (first on line " +
                QString::number(firstLines.value(entry.key)) + u')';
        return false;
    }
    firstLines.insert(entry.key, entry.line);
    const QString origin = location + u": " + entry.key;
    if (option->kind == Kind::List)
        values[entry.key] += splitList(entry.value, origin, fileDir);
    else
        values[entry.key].append({entry.value, origin, fileDir});
    return true;
}

bool readFile(const QString &path, Source &source, QString &error)
{
    ConfigFile file;
    if (!file.read(path, error))
        return false;
    source.fileDir = QFileInfo(path).absolutePath();
    source.groupSections = file.groupSections();
    QHash<QString, int> firstLines;
    for (const ConfigFile::Entry &entry : file.entries()) {
        if (!addFileEntry(file, entry, source.fileDir, firstLines, source.values, error))
            return false;
    }
    return true;
}

// The command line wins option by option; its groups replace all of the file's groups.
Source merged(Source file, const Source &commandLine)
{
    const bool groupsGiven =
        commandLine.values.contains(u"group"_s) || commandLine.values.contains(u"open-group"_s);
    if (groupsGiven) {
        file.values.remove(u"group"_s);
        file.values.remove(u"open-group"_s);
        file.groupSections.clear();
    }
    for (auto it = commandLine.values.cbegin(); it != commandLine.values.cend(); ++it)
        file.values.insert(it.key(), it.value());
    return file;
}

bool applyOption(const ConfigOption &option, const QList<ConfigValue> &values, DaemonConfig &config,
                 QString &error)
{
    if (values.size() > maxListValues) {
        error = option.name + u": more than " + QString::number(maxListValues) + u" values";
        return false;
    }
    if (option.clear)
        option.clear(config);
    for (const ConfigValue &value : values) {
        QString why;
        if (!option.apply(config, value, why)) {
            error = value.origin + u": " + why;
            return false;
        }
    }
    return true;
}

bool applyValues(const ValueMap &values, DaemonConfig &config, QString &error)
{
    for (const ConfigOption &option : configOptions()) {
        const auto it = values.constFind(option.name);
        if (it != values.cend() && !applyOption(option, it.value(), config, error))
            return false;
    }
    return true;
}

bool applySectionEntry(const ConfigFile::Entry &entry, const ConfigValue &value, GroupConfig &group,
                       QString &why)
{
    QString reason;
    auto bad = [&](const QString &text) {
        why = u"bad value \"" + value.text + u"\": " + text;
        return false;
    };
    if (entry.key == u"key-file") {
        if (value.text.isEmpty())
            return bad(u"empty path"_s);
        group.keyFile = absolutePath(value);
        return true;
    }
    if (entry.key == u"open" || entry.key == u"share") {
        const auto flag = parseBool(value.text, &reason);
        if (!flag)
            return bad(reason);
        (entry.key == u"open" ? group.open : group.share) = *flag;
        return true;
    }
    if (entry.key == u"address") {
        const auto address = parseAddress(value.text, &reason);
        if (!address)
            return bad(reason);
        if (!address->isMulticast())
            return bad(u"not a multicast address"_s);
        group.address = *address;
        return true;
    }
    const auto port = parsePort(value.text, &reason);
    if (!port)
        return bad(reason);
    group.port = *port;
    return true;
}

bool readGroupSection(const ConfigFile::GroupSection &section, const QString &fileDir,
                      const QString &filePath, GroupConfig &group, QString &error)
{
    static const QSet<QString> keys{u"key-file"_s, u"open"_s, u"address"_s, u"port"_s, u"share"_s};
    const QString location = filePath + u':' + QString::number(section.line);
    const auto name = GroupName::normalized(section.name);
    if (!name) {
        error = location + u": bad group name \"" + section.name + u"\": " + badGroupNameReason;
        return false;
    }
    group.name = *name;
    QSet<QString> seen;
    for (const ConfigFile::Entry &entry : section.entries) {
        const QString origin = filePath + u':' + QString::number(entry.line) + u": " + entry.key;
        if (!keys.contains(entry.key)) {
            error = filePath + u':' + QString::number(entry.line) + u": unknown key \"" +
                    entry.key + u"\" in [group " + section.name + u']';
            return false;
        }
        if (seen.contains(entry.key)) {
            error = origin + u": given twice in [group " + section.name + u']';
            return false;
        }
        seen.insert(entry.key);
        QString why;
        if (!applySectionEntry(entry, {entry.value, origin, fileDir}, group, why)) {
            error = origin + u": " + why;
            return false;
        }
    }
    if (group.open && !group.keyFile.isEmpty()) {
        error = location + u": [group " + section.name + u"]: an open group has no key file";
        return false;
    }
    return true;
}

bool applyGroupSections(const Source &source, const QString &filePath, DaemonConfig &config,
                        QString &error)
{
    for (const ConfigFile::GroupSection &section : source.groupSections) {
        GroupConfig group;
        if (!readGroupSection(section, source.fileDir, filePath, group, error))
            return false;
        config.groups.append(group);
    }
    return true;
}

bool checkGroups(DaemonConfig &config, QString &error)
{
    if (config.groups.size() > maxGroups) {
        error = u"more than " + QString::number(maxGroups) + u" groups";
        return false;
    }
    QSet<QString> names;
    for (GroupConfig &group : config.groups) {
        if (names.contains(group.name)) {
            error = u"group \"" + group.name + u"\" is configured twice";
            return false;
        }
        names.insert(group.name);
        if (!group.open && group.keyFile.isEmpty())
            group.keyFile = config.stateDir + u"/groups/" + group.name + u".key";
    }
    return true;
}

bool isUnspecified(const QHostAddress &address)
{
    return address == QHostAddress::AnyIPv4 || address == QHostAddress::AnyIPv6;
}

// Whether a query sent to `upstream` would arrive at `listen`, i.e. at this daemon.
// Known limit: for a wildcard listen address the host's addresses are those it has at start;
// an address added later is not compared, nor is a route that loops back through another host.
bool reachesListener(const Endpoint &listen, const Endpoint &upstream)
{
    if (listen.port != upstream.port)
        return false;
    if (listen.address.isEqual(upstream.address, QHostAddress::ConvertV4MappedToIPv4))
        return true;
    if (!isUnspecified(listen.address))
        return false;
    return upstream.address.isLoopback() ||
           QNetworkInterface::allAddresses().contains(upstream.address);
}

bool checkEndpoints(const DaemonConfig &config, QString &error)
{
    if (config.listen.isEmpty()) {
        error = u"listen: no address given; shoald needs at least one"_s;
        return false;
    }
    for (qsizetype i = 0; i < config.listen.size(); ++i) {
        const Endpoint &listen = config.listen.at(i);
        if (config.listen.indexOf(listen) != i) {
            error = u"listen: " + listen.toString() + u" given twice";
            return false;
        }
        for (const Endpoint &upstream : config.upstreams) {
            if (reachesListener(listen, upstream)) {
                error = u"upstream " + upstream.toString() + u" is the listen address " +
                        listen.toString() + u": shoald would forward to itself";
                return false;
            }
        }
    }
    return true;
}

bool buildConfig(const Source &source, const QString &filePath, DaemonConfig &config,
                 QString &error)
{
    return applyValues(source.values, config, error) &&
           applyGroupSections(source, filePath, config, error) && checkGroups(config, error) &&
           checkEndpoints(config, error);
}

QString describeGroup(const GroupConfig &group, quint16 peerPort)
{
    const QString kind = group.open ? u"open"_s : u"keyed, key file " + group.keyFile;
    const QString address =
        group.address.isNull() ? u"address derived from the name"_s : group.address.toString();
    const QString port =
        group.port == 0 ? QString::number(peerPort) + u" (peer-port)" : QString::number(group.port);
    return u"group " + group.name + u": " + kind + u"; " + address + u"; port " + port +
           u"; share " + (group.share ? u"on" : u"off");
}

// Wraps at word boundaries so that --help reads in an 80-column terminal.
QString helpEntry(const QString &synopsis, const QString &description)
{
    constexpr qsizetype width = 80;
    const QString indent = u"      "_s;
    QString text = u"  " + synopsis + u'\n';
    QString line = indent;
    for (const QString &word : description.split(u' ', Qt::SkipEmptyParts)) {
        if (line.size() > indent.size() && line.size() + 1 + word.size() > width) {
            text += line + u'\n';
            line = indent;
        }
        line += (line.size() > indent.size() ? u" "_s : QString()) + word;
    }
    return text + line + u'\n';
}

QString optionHelp(const ConfigOption &option, const DaemonConfig &defaults)
{
    QString synopsis = u"--" + option.name;
    if (!option.valueName.isEmpty())
        synopsis += u' ' + option.valueName;
    QString description = option.description;
    if (option.kind == Kind::List)
        description += u" Repeatable, or comma-separated.";
    return helpEntry(synopsis, description + u" Default: " + option.show(defaults) + u'.');
}

} // namespace

bool ConfigLoader::load(const QStringList &arguments, DaemonConfig &config, QString &error)
{
    const Outcome outcome = parse(arguments, config, error);
    if (outcome == Outcome::Help || outcome == Outcome::Version) {
        const QString text = outcome == Outcome::Help ? helpText() : versionText();
        std::fputs(text.toLocal8Bit().constData(), stdout);
        std::fflush(stdout);
        std::exit(EXIT_SUCCESS);
    }
    return outcome == Outcome::Run;
}

ConfigLoader::Outcome ConfigLoader::parse(const QStringList &arguments, DaemonConfig &config,
                                          QString &error)
{
    QCommandLineParser parser;
    addParserOptions(parser);
    if (!parser.parse(arguments)) {
        error = parser.errorText();
        return Outcome::Error;
    }
    if (parser.isSet(u"help"_s))
        return Outcome::Help;
    if (parser.isSet(u"version"_s))
        return Outcome::Version;
    Source commandLine;
    if (!readCommandLine(parser, commandLine, error))
        return Outcome::Error;
    Source file;
    const QStringList configFiles = parser.values(u"config"_s);
    if (configFiles.size() > 1) {
        error = u"--config: given more than once"_s;
        return Outcome::Error;
    }
    if (!configFiles.isEmpty() && !readFile(configFiles.front(), file, error))
        return Outcome::Error;
    DaemonConfig result;
    const QString filePath = configFiles.isEmpty() ? QString() : configFiles.front();
    if (!buildConfig(merged(file, commandLine), filePath, result, error))
        return Outcome::Error;
    config = result;
    return Outcome::Run;
}

QString ConfigLoader::describe(const DaemonConfig &config)
{
    QStringList lines;
    for (const ConfigOption &option : configOptions()) {
        if (!isGroupListOption(option.name))
            lines.append(option.name + u": " + option.show(config));
    }
    for (const GroupConfig &group : config.groups)
        lines.append(describeGroup(group, config.peerPort));
    if (config.groups.isEmpty())
        lines.append(u"groups: none"_s);
    return lines.join(u'\n');
}

QString ConfigLoader::helpText()
{
    const DaemonConfig defaults;
    QString text = u"Usage: shoald [options]\n"
                   "A caching DNS stub resolver. The shoald instances of a subnet share records\n"
                   "in interest groups, so that names keep resolving when the DNS server fails.\n\n"
                   "Options:\n"_s;
    text += helpEntry(u"-h, --help"_s, u"Show this help and exit."_s);
    text += helpEntry(u"--version"_s, u"Show the version and exit."_s);
    text += helpEntry(u"--config FILE"_s,
                      u"Read options from FILE (keys named as the long options, [group NAME] "
                      "sections); the command line overrides it. Default: none."_s);
    for (const ConfigOption &option : configOptions())
        text += optionHelp(option, defaults);
    return text;
}

QString ConfigLoader::versionText()
{
    return u"shoald "_s + QLatin1StringView(version) + u'\n';
}

} // namespace Shoal
