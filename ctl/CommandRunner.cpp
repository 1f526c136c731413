#include "ctl/CommandRunner.h"

#include "ctl/ResultFormatter.h"
#include "shared/Version.h"
#include "shared/control/ControlJson.h"
#include "shared/control/ControlProtocol.h"

#include <QDateTime>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTimer>

namespace Shoal::Ctl {

namespace {

using namespace Qt::StringLiterals;
using Verb = CtlCommand::Verb;

QString methodOf(Verb verb)
{
    switch (verb) {
    case Verb::Status:
    case Verb::Counters:
        return Control::Method::status;
    case Verb::Peers:
        return Control::Method::peers;
    case Verb::Groups:
        return Control::Method::groups;
    case Verb::Join:
        return Control::Method::join;
    case Verb::Leave:
        return Control::Method::leave;
    case Verb::Cache:
        return Control::Method::cache;
    case Verb::Flush:
        return Control::Method::flush;
    case Verb::Events:
        return Control::Method::events;
    case Verb::Watch:
        return Control::Method::subscribe;
    }
    return {};
}

QJsonObject cacheParams(const CtlCommand &command)
{
    QJsonObject params{{"limit"_L1, command.limit}};
    if (command.offset > 0)
        params.insert("offset"_L1, command.offset);
    if (!command.name.isEmpty())
        params.insert("name"_L1, command.name);
    if (!command.type.isEmpty())
        params.insert("type"_L1, command.type);
    if (!command.sort.isEmpty())
        params.insert("sort"_L1, command.sort);
    if (command.descending)
        params.insert("descending"_L1, true);
    if (command.staleOnly)
        params.insert("stale"_L1, true);
    return params;
}

QJsonObject flushParams(const CtlCommand &command)
{
    QJsonObject params;
    if (!command.name.isEmpty())
        params.insert("name"_L1, command.name);
    if (command.subtree)
        params.insert("subtree"_L1, true);
    return params;
}

// Every topic but counters, which would drown the rest.
QJsonArray watchTopics()
{
    QJsonArray topics;
    for (const QString &topic : Control::eventTopics()) {
        if (topic != Control::eventTopic(Control::EventKind::Counters))
            topics.append(topic);
    }
    return topics;
}

QList<Control::Event> lastEvents(const QJsonObject &result, int limit)
{
    const QList<Control::Event> events = Control::eventsFromJson(result["events"_L1].toArray());
    return events.mid(std::max<qsizetype>(0, events.size() - limit));
}

} // namespace

CommandRunner::CommandRunner(QTextStream &out, QTextStream &err, SecretReader secretReader,
                             QObject *parent)
    : QObject(parent)
    , m_out(out)
    , m_err(err)
    , m_secretReader(std::move(secretReader))
{
    m_client.setClientName(u"shoalctl "_s + QLatin1StringView(Shoal::version));
}

int CommandRunner::fail(int code, const QString &message)
{
    m_err << "shoalctl: " << message << Qt::endl;
    return code;
}

int CommandRunner::failWith(const Answer &answer)
{
    if (answer.code == Control::ErrorCode::permissionDenied)
        return fail(ExitCode::PermissionDenied, answer.message);
    if (answer.code == Control::ErrorCode::badParams)
        return fail(ExitCode::UsageError, answer.message);
    return fail(ExitCode::DaemonError, answer.message);
}

int CommandRunner::run(const CtlCommand &command)
{
    QString problem;
    const std::optional<QJsonObject> params = buildParams(command, &problem);
    if (!params)
        return fail(ExitCode::UsageError, problem);
    if (const int code = connectToDaemon(command); code != ExitCode::Ok)
        return code;
    if (command.verb == Verb::Watch)
        return watch(command);
    const Answer answer = call(methodOf(command.verb), *params);
    if (!answer.ok)
        return failWith(answer);
    print(command, answer.result);
    return ExitCode::Ok;
}

std::optional<QJsonObject> CommandRunner::buildParams(const CtlCommand &command, QString *problem)
{
    switch (command.verb) {
    case Verb::Cache:
        return cacheParams(command);
    case Verb::Flush:
        return flushParams(command);
    case Verb::Leave:
        return QJsonObject{{"name"_L1, command.name}};
    case Verb::Events:
        return QJsonObject{{"limit"_L1, Control::maxEventsPerCall}};
    case Verb::Join:
        break;
    default:
        return QJsonObject();
    }
    QJsonObject params{{"name"_L1, command.name}};
    if (!command.address.isEmpty())
        params.insert("address"_L1, command.address);
    if (command.port > 0)
        params.insert("port"_L1, command.port);
    if (command.open)
        params.insert("open"_L1, true);
    else if (!command.keyFile.isEmpty())
        params.insert("keyFile"_L1, command.keyFile);
    else if (!command.secret.isEmpty() && command.secret != u"-"_s)
        params.insert("secret"_L1, command.secret);
    else {
        const bool secret = command.secret == u"-"_s;
        const auto entered =
            m_secretReader(secret ? u"Secret (base64) for group %1: "_s.arg(command.name)
                                  : u"Passphrase for group %1: "_s.arg(command.name));
        if (!entered || entered->isEmpty()) {
            *problem = secret ? u"no secret given"_s : u"no passphrase given"_s;
            return std::nullopt;
        }
        params.insert(secret ? "secret"_L1 : "passphrase"_L1, *entered);
    }
    return params;
}

int CommandRunner::connectToDaemon(const CtlCommand &command)
{
    int code = ExitCode::Ok;
    QString message;
    bool finished = false; // a missing socket is reported before the loop runs
    QEventLoop loop;
    const auto ready = connect(&m_client, &ControlClient::ready, &loop, [&] {
        finished = true;
        loop.quit();
    });
    const auto failed = connect(&m_client, &ControlClient::connectFailed, &loop,
                                [&](ControlClient::ConnectError error, const QString &text) {
                                    code = error == ControlClient::ConnectError::NotRunning
                                               ? ExitCode::NotRunning
                                           : error == ControlClient::ConnectError::PermissionDenied
                                               ? ExitCode::PermissionDenied
                                               : ExitCode::DaemonError;
                                    message = text;
                                    finished = true;
                                    loop.quit();
                                });
    QTimer::singleShot(m_requestTimeoutMs, &loop, [&] {
        code = ExitCode::DaemonError;
        message = u"no hello from shoald at %1 within %2 s"_s.arg(command.socketPath)
                      .arg(m_requestTimeoutMs / 1000);
        loop.quit();
    });
    m_client.connectToDaemon(command.socketPath);
    if (!finished)
        loop.exec();
    disconnect(ready);
    disconnect(failed);
    return code == ExitCode::Ok ? code : fail(code, message);
}

CommandRunner::Answer CommandRunner::call(const QString &method, const QJsonObject &params)
{
    Answer answer;
    answer.message = u"no answer from shoald within %1 s"_s.arg(m_requestTimeoutMs / 1000);
    QEventLoop loop;
    const quint64 id = m_client.send(method, params);
    const auto replied = connect(&m_client, &ControlClient::replied, &loop,
                                 [&](quint64 replyId, const QJsonObject &result) {
                                     if (replyId != id)
                                         return;
                                     answer = {true, result, {}, {}};
                                     loop.quit();
                                 });
    const auto failed = connect(&m_client, &ControlClient::failed, &loop,
                                [&](quint64 replyId, const QString &code, const QString &text) {
                                    if (replyId != id)
                                        return;
                                    answer = {false, {}, code, text};
                                    loop.quit();
                                });
    const auto lost =
        connect(&m_client, &ControlClient::disconnected, &loop, [&](const QString &reason) {
            answer.message = u"connection to shoald lost: %1"_s.arg(reason);
            loop.quit();
        });
    QTimer::singleShot(m_requestTimeoutMs, &loop, &QEventLoop::quit);
    loop.exec();
    disconnect(replied);
    disconnect(failed);
    disconnect(lost);
    return answer;
}

int CommandRunner::watch(const CtlCommand &command)
{
    QEventLoop loop;
    // Connected before subscribing: an event may arrive in the same read as the reply.
    connect(&m_client, &ControlClient::eventReceived, &loop, [&](const QJsonObject &object) {
        if (command.json) {
            m_out << QJsonDocument(object).toJson(QJsonDocument::Compact) << Qt::endl;
            return;
        }
        if (const auto event = Control::eventFromJson(object))
            m_out << ResultFormatter::eventLine(*event) << Qt::flush;
    });
    const Answer answer = call(Control::Method::subscribe, {{"events"_L1, watchTopics()}});
    if (!answer.ok)
        return failWith(answer);
    if (!command.json)
        m_err << "Watching shoald events; Ctrl-C stops." << Qt::endl;
    int code = ExitCode::Ok;
    connect(&m_client, &ControlClient::disconnected, &loop, [&](const QString &reason) {
        code = fail(ExitCode::DaemonError, u"connection to shoald lost: %1"_s.arg(reason));
        loop.quit();
    });
    m_loop = &loop;
    loop.exec();
    m_loop = nullptr;
    return code;
}

void CommandRunner::interrupt()
{
    if (m_loop)
        m_loop->quit();
}

void CommandRunner::print(const CtlCommand &command, const QJsonObject &result)
{
    if (command.json) {
        QJsonObject shown = result;
        if (command.verb == Verb::Counters)
            shown = {{"counters"_L1, result["counters"_L1]}};
        m_out << QJsonDocument(shown).toJson(QJsonDocument::Indented) << Qt::flush;
        return;
    }
    m_out << text(command, result) << Qt::flush;
}

QString CommandRunner::text(const CtlCommand &command, const QJsonObject &result) const
{
    switch (command.verb) {
    case Verb::Status:
        return ResultFormatter::status(Control::statusFromJson(result));
    case Verb::Counters:
        return ResultFormatter::counters(
            Control::countersFromJson(result["counters"_L1].toArray()));
    case Verb::Peers:
        return ResultFormatter::peers(Control::peersFromJson(result["peers"_L1].toArray()),
                                      QDateTime::currentMSecsSinceEpoch());
    case Verb::Groups:
        return ResultFormatter::groups(Control::groupsFromJson(result["groups"_L1].toArray()));
    case Verb::Join:
        return u"Joined group %1.\n"_s.arg(result["joined"_L1].toString());
    case Verb::Leave:
        return u"Left group %1.\n"_s.arg(result["left"_L1].toString());
    case Verb::Cache:
        return ResultFormatter::cache(Control::cachePageFromJson(result));
    case Verb::Flush:
        return u"Removed %1 cache entries.\n"_s.arg(result["removed"_L1].toInteger());
    case Verb::Events:
        return ResultFormatter::events(lastEvents(result, command.limit));
    case Verb::Watch:
        break;
    }
    return {};
}

} // namespace Shoal::Ctl
