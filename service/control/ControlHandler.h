#pragma once

#include "service/common/Clock.h"
#include "service/common/Counters.h"
#include "service/common/LogLimiter.h"
#include "service/control/AccessPolicy.h"
#include "service/control/ControlBackend.h"
#include "service/control/ControlSession.h"
#include "service/control/EventLog.h"

#include <QByteArrayView>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <functional>

namespace Shoal {

class ParamReader;

// What to send back for one line: a message (possibly empty, for nothing), and whether to
// close the connection after it.
struct ControlReply
{
    QJsonObject message;
    bool close = false;
};

// The control protocol without sockets: takes one line (or one parsed message) from a client
// plus that client's session, and returns the reply. Every check a request goes through is
// here, in order: JSON, handshake, shape of the request, method, permission, parameters. Each
// refusal is an explicit error reply and a named counter (control.dropped.*); nothing a client
// sends can make it throw or grow. Passphrases and secrets are never logged nor sent back.
class ControlHandler
{
public:
    ControlHandler(ControlBackend &backend, const AccessPolicy &policy, const Clock &clock,
                   Counters &counters, int eventLogCapacity = 1000);

    ControlReply handleLine(QByteArrayView line, ControlSession &session);
    ControlReply handleMessage(const QJsonObject &message, ControlSession &session);

    // Records a user-facing event in the log and hands it to the listener (the server, which
    // pushes it to subscribed clients).
    Control::Event publish(Control::EventKind kind, const QString &subject, const QString &text);
    void setEventListener(std::function<void(const Control::Event &)> listener)
    {
        m_eventListener = std::move(listener);
    }

    // The backend's counters followed by the control channel's own.
    QList<Control::Counter> counters() const;

    const EventLog &eventLog() const { return m_eventLog; }

    // {"error": {...}} or, with an id, {"id": ..., "error": {...}}.
    static QJsonObject errorMessage(QLatin1StringView code, const QString &text,
                                    const QJsonValue &id = QJsonValue::Undefined);

private:
    // What a method produced: a result object, or an error code and text.
    struct MethodResult
    {
        QJsonObject result;
        QLatin1StringView errorCode;
        QString errorText;
    };
    using Method = MethodResult (ControlHandler::*)(ParamReader &, ControlSession &);
    struct MethodEntry
    {
        QLatin1StringView name;
        Method method;
        bool changes; // needs AccessPolicy::mayChange
    };

    ControlReply handleHello(const QJsonObject &message, ControlSession &session);
    ControlReply handleRequest(const QJsonObject &message, ControlSession &session);
    ControlReply refuse(quint64 &counter, QLatin1StringView code, const QString &text,
                        const QJsonValue &id = QJsonValue::Undefined, bool close = false);
    const MethodEntry *findMethod(const QString &name) const;

    MethodResult status(ParamReader &params, ControlSession &session);
    MethodResult peers(ParamReader &params, ControlSession &session);
    MethodResult groups(ParamReader &params, ControlSession &session);
    MethodResult join(ParamReader &params, ControlSession &session);
    MethodResult leave(ParamReader &params, ControlSession &session);
    MethodResult cache(ParamReader &params, ControlSession &session);
    MethodResult flush(ParamReader &params, ControlSession &session);
    MethodResult events(ParamReader &params, ControlSession &session);
    MethodResult subscribe(ParamReader &params, ControlSession &session);
    MethodResult unsubscribe(ParamReader &params, ControlSession &session);

    Control::JoinRequest readJoinRequest(ParamReader &params) const;
    Control::CacheQuery readCacheQuery(ParamReader &params) const;
    QString readGroupName(ParamReader &params) const;
    static MethodResult failure(const QString &reason);

    ControlBackend &m_backend;
    AccessPolicy m_policy;
    const Clock &m_clock;
    EventLog m_eventLog;
    Counters &m_counters;
    std::function<void(const Control::Event &)> m_eventListener;
    LogLimiter m_refusalLog;

    quint64 &m_requests;
    quint64 &m_badJson;
    quint64 &m_badRequest;
    quint64 &m_unknownMethod;
    quint64 &m_badParams;
    quint64 &m_permissionDenied;
    quint64 &m_helloRequired;
    quint64 &m_badProtocol;
};

} // namespace Shoal
