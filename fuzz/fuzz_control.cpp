// The control socket: a byte stream cut into lines by LineFramer, each line handled by
// ControlHandler against a backend with fixed data (the control tests' FakeBackend), exactly
// as ControlConnection does minus the socket. The first input byte chooses the client (bit 0:
// an administrator, else a user who may only read) and how many bytes each read delivers (the
// other bits), so lines split across reads are covered. Every reply must be one JSON line, and
// no reply may carry a passphrase or secret the request held.
#include "fuzz/FuzzSupport.h"
#include "service/common/Clock.h"
#include "service/common/Counters.h"
#include "service/control/ControlHandler.h"
#include "shared/control/ControlProtocol.h"
#include "shared/control/LineFramer.h"
#include "tests/control/FakeBackend.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Shoal;
using Fuzz::require;

namespace {

constexpr qint64 daemonUid = 1000;
constexpr qint64 otherUid = 1001;

void collectStrings(const QJsonValue &value, QStringList &out)
{
    if (value.isString()) {
        out.append(value.toString());
    } else if (value.isArray()) {
        for (const QJsonValue &item : value.toArray())
            collectStrings(item, out);
    } else if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            out.append(it.key());
            collectStrings(it.value(), out);
        }
    }
}

// The passphrase and secret of a join request, when they are distinctive enough to search for:
// marked with '~', which no fixed text of the daemon contains, and found nowhere else in the
// request (a reply may echo the group name or a parameter name).
QStringList secretsOf(QByteArrayView line)
{
    const QJsonObject request = QJsonDocument::fromJson(line.toByteArray()).object();
    const QJsonObject params = request[u"params"].toObject();
    QStringList all;
    collectStrings(request, all);
    QStringList secrets;
    for (const QString &field : {u"passphrase"_qs, u"secret"_qs}) {
        const QString value = params[field].toString();
        if (value.size() < 8 || !value.contains(u'~'))
            continue;
        const auto mentions = std::count_if(
            all.begin(), all.end(), [&](const QString &text) { return text.contains(value); });
        if (mentions == 1)
            secrets.append(value);
    }
    return secrets;
}

void requireReply(QByteArrayView line, const ControlReply &reply)
{
    const QByteArray text = QJsonDocument(reply.message).toJson(QJsonDocument::Compact);
    require(!text.contains('\n') && text.size() < Control::maxReplyLineBytes,
            "a reply is not one line of bounded size");
    const QString replyText = QString::fromUtf8(text);
    for (const QString &secret : secretsOf(line))
        require(!replyText.contains(secret), "a reply carries the request's passphrase or secret");
}

class Session
{
public:
    explicit Session(bool admin)
        : m_clock(1'700'000'000'000)
        , m_handler(m_backend, AccessPolicy(daemonUid, std::nullopt), m_clock, m_counters, 64)
        , m_framer(Control::maxRequestLineBytes)
    {
        m_session.credentials.uid = admin ? daemonUid : otherUid;
        m_session.credentials.gid = m_session.credentials.uid;
    }

    // False once the connection would be closed.
    bool feed(QByteArrayView bytes)
    {
        m_framer.append(bytes);
        for (;;) {
            QByteArray line;
            switch (m_framer.next(line)) {
            case Control::LineFramer::Result::NeedMore:
                return true;
            case Control::LineFramer::Result::TooLong:
                return false;
            case Control::LineFramer::Result::Line:
                break;
            }
            const ControlReply reply = m_handler.handleLine(line, m_session);
            requireReply(line, reply);
            if (reply.close)
                return false;
        }
    }

    qsizetype buffered() const { return m_framer.bufferedBytes(); }

private:
    ManualClock m_clock;
    Counters m_counters;
    Test::FakeBackend m_backend;
    ControlHandler m_handler;
    ControlSession m_session;
    Control::LineFramer m_framer;
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return 0;
    Session session(data[0] & 1);
    const qsizetype readSize = 1 + (data[0] >> 1) * 8;
    const QByteArrayView stream = Fuzz::bytesView(data + 1, size - 1);
    for (qsizetype pos = 0; pos < stream.size(); pos += readSize) {
        const QByteArrayView chunk = stream.sliced(pos, std::min(readSize, stream.size() - pos));
        if (!session.feed(chunk))
            break;
        require(session.buffered() <= Control::maxRequestLineBytes + readSize,
                "the framer holds more than a line");
    }
    return 0;
}
