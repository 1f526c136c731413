#include "FakeBackend.h"
#include "service/common/Clock.h"
#include "service/common/Counters.h"
#include "service/control/AccessPolicy.h"
#include "service/control/CacheListing.h"
#include "service/control/ControlHandler.h"
#include "service/control/EventLog.h"
#include "shared/control/ControlJson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <memory>

using namespace Shoal;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 daemonUid = 1000;
constexpr quint32 adminGid = 4242;

PeerCredentials user(qint64 uid, QList<quint32> groups = {})
{
    PeerCredentials credentials;
    credentials.pid = 4711;
    credentials.uid = uid;
    credentials.gid = uid;
    credentials.groups = groups.isEmpty() ? QList<quint32>{quint32(uid)} : groups;
    return credentials;
}

const PeerCredentials nobody = user(65534);
const PeerCredentials root = user(0);

// Everything a handler needs, with the handler recreated per test.
struct Fixture
{
    Test::FakeBackend backend;
    ManualClock clock;
    Counters counters;
    ControlHandler handler{backend, AccessPolicy(daemonUid, adminGid), clock, counters, 4};
    QList<Control::Event> published;

    Fixture()
    {
        handler.setEventListener([this](const Control::Event &e) { published.append(e); });
    }

    ControlSession greeted(const PeerCredentials &credentials)
    {
        ControlSession session;
        session.credentials = credentials;
        const ControlReply reply =
            handler.handleMessage({{"hello"_L1, QJsonObject{{"protocol"_L1, 1}}}}, session);
        Q_ASSERT(session.greeted && !reply.close);
        return session;
    }

    QJsonObject call(const QString &method, const QJsonObject &params,
                     const PeerCredentials &credentials = root)
    {
        ControlSession session = greeted(credentials);
        return handler
            .handleMessage({{"id"_L1, 7}, {"method"_L1, method}, {"params"_L1, params}}, session)
            .message;
    }

    QString errorCode(const QJsonObject &reply) const
    {
        return reply["error"_L1]["code"_L1].toString();
    }
};

} // namespace

class TestControlHandler : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<Fixture> f;

private slots:
    void init() { f = std::make_unique<Fixture>(); }

    void helloMustComeFirst()
    {
        ControlSession session;
        const ControlReply reply =
            f->handler.handleMessage({{"id"_L1, 1}, {"method"_L1, u"status"_s}}, session);
        QVERIFY(reply.close);
        QCOMPARE(f->errorCode(reply.message), u"hello-required"_s);
        QVERIFY(!session.greeted);
        QCOMPARE(f->counters.value(u"control.dropped.hello-required"_s), 1u);
    }

    void helloWithWrongVersionIsRefused()
    {
        ControlSession session;
        const ControlReply reply =
            f->handler.handleLine(R"({"hello": {"protocol": 2, "client": "future"}})", session);
        QVERIFY(reply.close);
        QCOMPARE(f->errorCode(reply.message), u"unsupported-protocol"_s);
        QVERIFY(reply.message["error"_L1]["message"_L1].toString().contains(u"protocol 1"_s));
        QVERIFY(!reply.message.contains("id"_L1));
        QCOMPARE(f->counters.value(u"control.dropped.unsupported-protocol"_s), 1u);

        ControlSession noVersion;
        QVERIFY(f->handler.handleLine(R"({"hello": {}})", noVersion).close);
    }

    void helloTellsVersionAndRights()
    {
        ControlSession session;
        session.credentials = nobody;
        const ControlReply reply = f->handler.handleLine(
            R"({"hello": {"protocol": 1, "client": "shoalctl 0.1.0"}})", session);
        QVERIFY(!reply.close);
        QCOMPARE(reply.message["hello"_L1]["protocol"_L1].toInt(), 1);
        QCOMPARE(reply.message["hello"_L1]["server"_L1].toString(), u"shoald 0.1.0"_s);
        QCOMPARE(reply.message["hello"_L1]["mayChange"_L1].toBool(), false);
        QCOMPARE(session.client, u"shoalctl 0.1.0"_s);
        ControlSession admin;
        admin.credentials = user(2000, {2000, adminGid});
        QVERIFY(f->handler.handleLine(R"({"hello": {"protocol": 1}})", admin)
                    .message["hello"_L1]["mayChange"_L1]
                    .toBool());
    }

    void garbageIsAnsweredAndCounted()
    {
        ControlSession fresh;
        QVERIFY(f->handler.handleLine("\x01\xff not json", fresh).close);

        ControlSession session = f->greeted(root);
        for (const QByteArray &line : {QByteArray("{\"id\":"), QByteArray("[1,2]"),
                                       QByteArray("\"text\""), QByteArray("")}) {
            const ControlReply reply = f->handler.handleLine(line, session);
            QVERIFY(!reply.close);
            QCOMPARE(f->errorCode(reply.message), u"bad-json"_s);
            QVERIFY(reply.message["id"_L1].isNull());
        }
        QCOMPARE(f->counters.value(u"control.dropped.bad-json"_s), 5u);
    }

    void malformedRequestsAreRefused_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QJsonValue>("id");
        QTest::newRow("id object") << QByteArray(R"({"id": {}, "method": "status"})")
                                   << u"bad-request"_s << QJsonValue(QJsonValue::Null);
        QTest::newRow("id negative") << QByteArray(R"({"id": -1, "method": "status"})")
                                     << u"bad-request"_s << QJsonValue(QJsonValue::Null);
        QTest::newRow("id fraction") << QByteArray(R"({"id": 1.5, "method": "status"})")
                                     << u"bad-request"_s << QJsonValue(QJsonValue::Null);
        QTest::newRow("id huge") << QByteArray(R"({"id": 1e300, "method": "status"})")
                                 << u"bad-request"_s << QJsonValue(QJsonValue::Null);
        QTest::newRow("no method")
            << QByteArray(R"({"id": 3})") << u"bad-request"_s << QJsonValue(3);
        QTest::newRow("method number")
            << QByteArray(R"({"id": "a", "method": 5})") << u"bad-request"_s << QJsonValue(u"a"_s);
        QTest::newRow("unknown method") << QByteArray(R"({"id": 4, "method": "reboot"})")
                                        << u"unknown-method"_s << QJsonValue(4);
        QTest::newRow("hello again") << QByteArray(R"({"hello": {"protocol": 1}})")
                                     << u"bad-request"_s << QJsonValue(QJsonValue::Null);
        QTest::newRow("params array")
            << QByteArray(R"({"id": 5, "method": "status", "params": []})") << u"bad-params"_s
            << QJsonValue(5);
        QTest::newRow("unknown param")
            << QByteArray(R"({"id": 6, "method": "status", "params": {"verbose": true}})")
            << u"bad-params"_s << QJsonValue(6);
        QTest::newRow("wrong param type")
            << QByteArray(R"({"id": 8, "method": "cache", "params": {"limit": "10"}})")
            << u"bad-params"_s << QJsonValue(8);
    }

    void malformedRequestsAreRefused()
    {
        QFETCH(QByteArray, line);
        QFETCH(QString, code);
        QFETCH(QJsonValue, id);
        ControlSession session = f->greeted(root);
        const ControlReply reply = f->handler.handleLine(line, session);
        QVERIFY(!reply.close);
        QCOMPARE(f->errorCode(reply.message), code);
        QCOMPARE(reply.message["id"_L1], id);
        QVERIFY(!reply.message["error"_L1]["message"_L1].toString().isEmpty());
        QCOMPARE(f->counters.value(u"control.dropped."_s + code), 1u);
    }

    void requestWithoutIdGetsNullId()
    {
        ControlSession session = f->greeted(nobody);
        const ControlReply reply = f->handler.handleLine(R"({"method": "groups"})", session);
        QVERIFY(reply.message["id"_L1].isNull());
        QCOMPARE(reply.message["result"_L1]["groups"_L1].toArray().size(), 2);
    }

    void statusCombinesBackendAndOwnState()
    {
        f->clock.setMs(1'700'000'100'000);
        const QJsonObject reply = f->call(u"status"_s, {}, nobody);
        QCOMPARE(reply["id"_L1].toInt(), 7);
        const Control::Status status = Control::statusFromJson(reply["result"_L1].toObject());
        QCOMPARE(status.version, u"0.1.0"_s);
        QCOMPARE(status.nowMs, 1'700'000'100'000);
        QCOMPARE(status.groupCount, 2);
        QCOMPARE(status.peerCount, 2); // n1 is in two groups
        QCOMPARE(status.upstreams.size(), 2);
        QCOMPARE(status.totals.cacheHits, 750u);
        QStringList names;
        for (const Control::Counter &counter : status.counters)
            names.append(counter.name);
        QVERIFY(names.contains(u"dns.queries"_s));
        QVERIFY(names.contains(u"control.requests"_s));
        QVERIFY(names.contains(u"control.dropped.bad-json"_s));
    }

    void peersAndGroups()
    {
        const auto peers = Control::peersFromJson(
            f->call(u"peers"_s, {}, nobody)["result"_L1]["peers"_L1].toArray());
        QCOMPARE(peers.size(), 3);
        QCOMPARE(peers[1].host, u"beta"_s);
        QVERIFY(!peers[1].upstreamUp);
        const auto groups = Control::groupsFromJson(
            f->call(u"groups"_s, {}, nobody)["result"_L1]["groups"_L1].toArray());
        QCOMPARE(groups.size(), 2);
        QVERIFY(!groups[1].keyed);
        QCOMPARE(groups[0].port, 5353);
    }

    void changesNeedAnAdministrator_data()
    {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QJsonObject>("params");
        QTest::newRow("join") << u"join"_s << QJsonObject{{"name"_L1, u"lab"_s}, {"open"_L1, true}};
        QTest::newRow("leave") << u"leave"_s << QJsonObject{{"name"_L1, u"lab"_s}};
        QTest::newRow("flush") << u"flush"_s << QJsonObject{};
    }

    void changesNeedAnAdministrator()
    {
        QFETCH(QString, method);
        QFETCH(QJsonObject, params);
        const QJsonObject refused = f->call(method, params, nobody);
        QCOMPARE(f->errorCode(refused), u"permission-denied"_s);
        QVERIFY(refused["error"_L1]["message"_L1].toString().contains(u"uid 65534"_s));
        QCOMPARE(f->call(method, params, PeerCredentials())["error"_L1]["code"_L1].toString(),
                 u"permission-denied"_s);
        QCOMPARE(f->counters.value(u"control.dropped.permission-denied"_s), 2u);
        QVERIFY(f->backend.m_joins.isEmpty() && f->backend.m_leaves.isEmpty() &&
                f->backend.m_flushes.isEmpty());

        for (const PeerCredentials &allowed :
             {root, user(daemonUid), user(3000, {3000, 17, adminGid})}) {
            const QJsonObject reply = f->call(method, params, allowed);
            QVERIFY2(reply.contains("result"_L1), QJsonDocument(reply).toJson().constData());
        }
    }

    void policyExplainsRefusals()
    {
        const AccessPolicy withoutGroup(daemonUid, std::nullopt);
        QVERIFY(withoutGroup.refusalReason(nobody).contains(u"no admin group"_s));
        QVERIFY(!withoutGroup.mayChange(user(3000, {3000, adminGid})));
        QVERIFY(withoutGroup.mayChange(user(daemonUid)));
        const AccessPolicy withGroup(daemonUid, adminGid);
        QVERIFY(withGroup.refusalReason(nobody).contains(u"gid 4242"_s));
        QString error;
        AccessPolicy::forThisProcess(u"no-such-group-shoal-test"_s, &error);
        QVERIFY(error.contains(u"does not exist"_s));
    }

    void joinPassesKeyMaterial()
    {
        const QString secret = QString::fromLatin1(QByteArray(20, 'k').toBase64());
        QVERIFY(f->call(u"join"_s, {{"name"_L1, u"lab"_s}, {"secret"_L1, secret}})
                    .contains("result"_L1));
        QVERIFY(f->call(u"join"_s, {{"name"_L1, u"ops"_s},
                                    {"keyFile"_L1, u"/etc/shoal/ops.key"_s},
                                    {"address"_L1, u"239.255.1.2"_s},
                                    {"port"_L1, 5400}})
                    .contains("result"_L1));
        const QJsonObject reply =
            f->call(u"join"_s, {{"name"_L1, u"x.y-z_1"_s}, {"passphrase"_L1, u"correct horse"_s}});
        QCOMPARE(reply["result"_L1]["joined"_L1].toString(), u"x.y-z_1"_s);
        QCOMPARE(f->backend.m_joins.size(), 3);
        QCOMPARE(f->backend.m_joins[0].secret, QByteArray(20, 'k'));
        QCOMPARE(f->backend.m_joins[1].keyFile, u"/etc/shoal/ops.key"_s);
        QCOMPARE(f->backend.m_joins[1].port, 5400);
        QCOMPARE(f->backend.m_joins[2].passphrase, u"correct horse"_s);
        QCOMPARE(f->published.size(), 3);
        QCOMPARE(f->published[0].kind, Control::EventKind::GroupJoined);
        QCOMPARE(f->published[0].subject, u"lab"_s);
        QVERIFY(f->published[0].text.contains(u"uid 0"_s));
    }

    void joinRefusesBadParameters_data()
    {
        QTest::addColumn<QJsonObject>("params");
        const QString secret = QString::fromLatin1(QByteArray(16, 's').toBase64());
        QTest::newRow("no key") << QJsonObject{{"name"_L1, u"lab"_s}};
        QTest::newRow("two keys") << QJsonObject{
            {"name"_L1, u"lab"_s}, {"open"_L1, true}, {"secret"_L1, secret}};
        QTest::newRow("no name") << QJsonObject{{"open"_L1, true}};
        QTest::newRow("name with space")
            << QJsonObject{{"name"_L1, u"my lab"_s}, {"open"_L1, true}};
        QTest::newRow("name starting with dot")
            << QJsonObject{{"name"_L1, u".lab"_s}, {"open"_L1, true}};
        QTest::newRow("name too long")
            << QJsonObject{{"name"_L1, QString(65, u'a')}, {"open"_L1, true}};
        QTest::newRow("relative key file")
            << QJsonObject{{"name"_L1, u"lab"_s}, {"keyFile"_L1, u"lab.key"_s}};
        QTest::newRow("secret not base64")
            << QJsonObject{{"name"_L1, u"lab"_s}, {"secret"_L1, u"not*base64!"_s}};
        QTest::newRow("secret too short")
            << QJsonObject{{"name"_L1, u"lab"_s}, {"secret"_L1, u"c2hvcnQ="_s}};
        QTest::newRow("unicast address") << QJsonObject{
            {"name"_L1, u"lab"_s}, {"open"_L1, true}, {"address"_L1, u"192.0.2.1"_s}};
        QTest::newRow("port zero")
            << QJsonObject{{"name"_L1, u"lab"_s}, {"open"_L1, true}, {"port"_L1, 0}};
        QTest::newRow("open not bool") << QJsonObject{{"name"_L1, u"lab"_s}, {"open"_L1, u"yes"_s}};
        QTest::newRow("passphrase too long")
            << QJsonObject{{"name"_L1, u"lab"_s}, {"passphrase"_L1, QString(1025, u'p')}};
    }

    void joinRefusesBadParameters()
    {
        QFETCH(QJsonObject, params);
        const QJsonObject reply = f->call(u"join"_s, params);
        QCOMPARE(f->errorCode(reply), u"bad-params"_s);
        QVERIFY(f->backend.m_joins.isEmpty());
        QVERIFY(f->published.isEmpty());
    }

    void secretsAreNeverEchoedNorLogged()
    {
        static QStringList logged;
        logged.clear();
        const auto previous =
            qInstallMessageHandler([](QtMsgType, const QMessageLogContext &, const QString &text) {
                logged.append(text);
            });
        const QString passphrase = u"hunter2-very-secret"_s;
        const QString secret =
            QString::fromLatin1(QByteArray("0123456789abcdef-SECRET").toBase64());
        f->backend.m_joinError = u"already a member of lab"_s;
        QStringList replies;
        for (const QJsonObject &params :
             {QJsonObject{{"name"_L1, u"lab"_s}, {"passphrase"_L1, passphrase}},
              QJsonObject{{"name"_L1, u"lab"_s}, {"secret"_L1, secret}},
              QJsonObject{{"name"_L1, u"bad name"_s}, {"passphrase"_L1, passphrase}},
              QJsonObject{{"name"_L1, u"lab"_s}, {"secret"_L1, QString(secret + u"*"_s)}},
              QJsonObject{{"name"_L1, u"lab"_s}, {"passphrase"_L1, passphrase}, {"open"_L1, true}}})
            replies.append(QString::fromUtf8(QJsonDocument(f->call(u"join"_s, params)).toJson()));
        qInstallMessageHandler(previous);
        QVERIFY(replies[0].contains(u"already a member of lab"_s));
        QVERIFY(!logged.isEmpty());
        const QString everything = replies.join(u'\n') + logged.join(u'\n');
        QVERIFY(!everything.contains(passphrase));
        QVERIFY(!everything.contains(secret));
        QVERIFY(!everything.contains(u"SECRET"_s));
        for (const Control::Event &event : f->published)
            QVERIFY(!event.text.contains(passphrase));
    }

    void joinAndLeaveReportBackendFailures()
    {
        f->backend.m_leaveError = u"not a member of lab"_s;
        const QJsonObject reply = f->call(u"leave"_s, {{"name"_L1, u"lab"_s}});
        QCOMPARE(f->errorCode(reply), u"failed"_s);
        QCOMPARE(reply["error"_L1]["message"_L1].toString(), u"not a member of lab"_s);
        QVERIFY(f->published.isEmpty());
        f->backend.m_leaveError.clear();
        QCOMPARE(f->call(u"leave"_s, {{"name"_L1, u"lab"_s}})["result"_L1]["left"_L1].toString(),
                 u"lab"_s);
        QCOMPARE(f->published.size(), 1);
        QCOMPARE(f->published[0].kind, Control::EventKind::GroupLeft);
    }

    void cacheFiltersSortsAndPages()
    {
        f->backend.addEntry(u"a.example.test."_s, u"AAAA"_s, 100, false, u"upstream"_s, {},
                            u"2001:db8::1"_s);
        f->backend.addEntry(u"Z.other.test."_s, u"A"_s, 50, false, u"peer"_s, u"n2"_s,
                            u"192.0.2.9"_s);
        auto list = [this](const QJsonObject &params) {
            const QJsonObject reply = f->call(u"cache"_s, params, nobody);
            return Control::cachePageFromJson(reply["result"_L1].toObject());
        };
        auto names = [](const Control::CachePage &page) {
            QStringList result;
            for (const Control::CacheEntry &entry : page.entries)
                result.append(entry.name);
            return result;
        };
        QCOMPARE(names(list({})), QStringList({u"a.example.test."_s, u"mail.example.test."_s,
                                               u"www.example.test."_s, u"Z.other.test."_s}));
        QCOMPARE(names(list({{"name"_L1, u"EXAMPLE"_s}, {"type"_L1, u"a"_s}})),
                 QStringList({u"www.example.test."_s}));
        QCOMPARE(names(list({{"stale"_L1, true}})), QStringList({u"mail.example.test."_s}));
        QCOMPARE(names(list({{"sort"_L1, u"ttl"_s}, {"descending"_L1, true}})),
                 QStringList({u"www.example.test."_s, u"a.example.test."_s, u"Z.other.test."_s,
                              u"mail.example.test."_s}));
        QCOMPARE(names(list({{"sort"_L1, u"source"_s}})).last(), u"www.example.test."_s);
        const Control::CachePage page = list({{"offset"_L1, 1}, {"limit"_L1, 2}});
        QCOMPARE(page.total, 4);
        QCOMPARE(page.offset, 1);
        QCOMPARE(names(page), QStringList({u"mail.example.test."_s, u"www.example.test."_s}));
        QCOMPARE(list({{"offset"_L1, 10}}).entries.size(), 0);
        QCOMPARE(page.entries[0].records[0].data, u"10 mx.example.test."_s);
    }

    void cacheRefusesBadQueries_data()
    {
        QTest::addColumn<QJsonObject>("params");
        QTest::newRow("type") << QJsonObject{{"type"_L1, u"BOGUS"_s}};
        QTest::newRow("sort") << QJsonObject{{"sort"_L1, u"size"_s}};
        QTest::newRow("limit 0") << QJsonObject{{"limit"_L1, 0}};
        QTest::newRow("limit high") << QJsonObject{{"limit"_L1, 1001}};
        QTest::newRow("offset negative") << QJsonObject{{"offset"_L1, -1}};
        QTest::newRow("name long") << QJsonObject{{"name"_L1, QString(2000, u'a')}};
    }

    void cacheRefusesBadQueries()
    {
        QFETCH(QJsonObject, params);
        QCOMPARE(f->errorCode(f->call(u"cache"_s, params, nobody)), u"bad-params"_s);
    }

    void flushVariants()
    {
        f->backend.m_flushRemoves = 12;
        QCOMPARE(f->call(u"flush"_s, {})["result"_L1]["removed"_L1].toInt(), 12);
        f->call(u"flush"_s, {{"name"_L1, u"WWW.example.test"_s}});
        f->call(u"flush"_s, {{"name"_L1, u"example.test."_s}, {"subtree"_L1, true}});
        QCOMPARE(f->backend.m_flushes.size(), 3);
        QVERIFY(f->backend.m_flushes[0].wireName.isEmpty());
        QCOMPARE(f->backend.m_flushes[1].wireName, QByteArray("\x03WWW\x07"
                                                              "example\x04test\x00",
                                                              18));
        QVERIFY(!f->backend.m_flushes[1].subtree);
        QVERIFY(f->backend.m_flushes[2].subtree);
        QCOMPARE(f->published.size(), 3);
        QCOMPARE(f->published[2].kind, Control::EventKind::CacheFlushed);
        QVERIFY(f->published[2].text.contains(u"example.test. and below: 12 entries"_s));

        QCOMPARE(f->errorCode(f->call(u"flush"_s, {{"subtree"_L1, true}})), u"bad-params"_s);
        QCOMPARE(f->errorCode(
                     f->call(u"flush"_s, {{"name"_L1, QString(QString(64, u'a') + u".test"_s)}})),
                 u"bad-params"_s);
        QCOMPARE(f->errorCode(f->call(u"flush"_s, {{"name"_L1, u"a..b"_s}})), u"bad-params"_s);
        QCOMPARE(f->backend.m_flushes.size(), 3);
    }

    void eventsAreFetchedByLastId()
    {
        for (int i = 0; i < 6; ++i) {
            f->clock.advanceMs(1000);
            f->handler.publish(Control::EventKind::PeerCame, u"n%1"_s.arg(i), u"came"_s);
        }
        // The log keeps 4 (the fixture's capacity): ids 3..6.
        const QJsonObject all = f->call(u"events"_s, {}, nobody)["result"_L1].toObject();
        const auto events = Control::eventsFromJson(all["events"_L1].toArray());
        QCOMPARE(events.size(), 4);
        QCOMPARE(events.first().id, 3u);
        QCOMPARE(events.last().subject, u"n5"_s);
        QCOMPARE(all["lastId"_L1].toInteger(), 6);
        const auto later =
            Control::eventsFromJson(f->call(u"events"_s, {{"after"_L1, 4}, {"limit"_L1, 1}},
                                            nobody)["result"_L1]["events"_L1]
                                        .toArray());
        QCOMPARE(later.size(), 1);
        QCOMPARE(later[0].id, 5u);
        QCOMPARE(later[0].timeMs, 1'700'000'005'000);
        QVERIFY(f->call(u"events"_s, {{"after"_L1, 6}}, nobody)["result"_L1]["events"_L1]
                    .toArray()
                    .isEmpty());
        QCOMPARE(f->errorCode(f->call(u"events"_s, {{"limit"_L1, 5000}}, nobody)), u"bad-params"_s);
    }

    void eventLogBounds()
    {
        EventLog log(2);
        QVERIFY(log.since(0, 10).isEmpty());
        log.append(Control::EventKind::OutageBegan, {}, u"a"_s, 1);
        log.append(Control::EventKind::OutageEnded, {}, u"b"_s, 2);
        log.append(Control::EventKind::OutageBegan, {}, u"c"_s, 3);
        QCOMPARE(log.size(), 2);
        QCOMPARE(log.lastId(), 3u);
        QCOMPARE(log.since(0, 10).first().text, u"b"_s);
        QVERIFY(log.since(std::numeric_limits<quint64>::max(), 10).isEmpty());
        QVERIFY(log.since(3, 10).isEmpty());
    }

    void subscriptions()
    {
        ControlSession session = f->greeted(nobody);
        auto request = [&](const QString &method, const QJsonArray &topics) {
            return f->handler
                .handleMessage({{"id"_L1, 1},
                                {"method"_L1, method},
                                {"params"_L1, QJsonObject{{"events"_L1, topics}}}},
                               session)
                .message;
        };
        QJsonObject reply = request(u"subscribe"_s, {u"peer"_s, u"outage"_s});
        QCOMPARE(reply["result"_L1]["subscribed"_L1].toArray(),
                 QJsonArray({u"outage"_s, u"peer"_s}));
        QVERIFY(session.wants(Control::EventKind::PeerWent));
        QVERIFY(!session.wants(Control::EventKind::Counters));
        QCOMPARE(f->errorCode(request(u"subscribe"_s, {u"weather"_s})), u"bad-params"_s);
        QCOMPARE(f->errorCode(request(u"subscribe"_s, {})), u"bad-params"_s);
        QCOMPARE(f->errorCode(request(u"subscribe"_s, {1})), u"bad-params"_s);
        reply = request(u"unsubscribe"_s, {u"peer"_s});
        QCOMPARE(reply["result"_L1]["subscribed"_L1].toArray(), QJsonArray({u"outage"_s}));
        request(u"unsubscribe"_s, {});
        QVERIFY(session.topics.isEmpty());
    }

    void listingBreaksTiesByName()
    {
        QList<Control::CacheEntry> entries(3);
        entries[0].name = u"b.test."_s;
        entries[1].name = u"A.test."_s;
        entries[2].name = u"c.test."_s;
        for (auto &entry : entries)
            entry.hits = 5;
        Control::CacheQuery query;
        query.sort = Control::CacheSort::Hits;
        const Control::CachePage page = Control::CacheListing::page(entries, query);
        QCOMPARE(page.entries[0].name, u"A.test."_s);
        QCOMPARE(page.entries[2].name, u"c.test."_s);
    }

    void pagesOfALargeListing()
    {
        // 50 entries in scrambled order; a page near the start is cut from a partial sort.
        QList<Control::CacheEntry> entries(50);
        for (int i = 0; i < 50; ++i) {
            entries[i].name = u"h%1.test."_s.arg((i * 37) % 50, 2, 10, QLatin1Char('0'));
            entries[i].ttlLeft = (i * 37) % 50;
        }
        Control::CacheQuery query;
        query.offset = 3;
        query.limit = 4;
        Control::CachePage page = Control::CacheListing::page(entries, query);
        QCOMPARE(page.total, 50);
        QCOMPARE(page.entries.size(), 4);
        QCOMPARE(page.entries[0].name, u"h03.test."_s);
        QCOMPARE(page.entries[3].name, u"h06.test."_s);
        query.sort = Control::CacheSort::Ttl;
        query.descending = true;
        page = Control::CacheListing::page(entries, query);
        QCOMPARE(page.entries[0].ttlLeft, 46);
        QCOMPARE(page.entries[3].ttlLeft, 43);
        query.offset = 48;
        page = Control::CacheListing::page(entries, query);
        QCOMPARE(page.entries.size(), 2);
        QCOMPARE(page.entries[1].ttlLeft, 0);
    }
};

QTEST_GUILESS_MAIN(TestControlHandler)
#include "TestControlHandler.moc"
