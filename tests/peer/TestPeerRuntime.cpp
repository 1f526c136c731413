#include "PeerTestSupport.h"
#include "service/cache/StoredAnswer.h"
#include "service/peer/AnswerMatch.h"
#include "service/peer/AnswerScheduler.h"
#include "service/peer/AskTracker.h"
#include "service/peer/GroupSetup.h"
#include "service/peer/GroupStore.h"
#include "service/peer/KeyFile.h"
#include "service/peer/PeerAnswerCodec.h"
#include "service/peer/PrivateDomains.h"

#include <QFile>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace Shoal;
using namespace Shoal::Test;

namespace {

constexpr qint64 start = 1'700'000'000'000;

PeerRecord soaRecord(const char *zone, quint32 ttl = 60)
{
    const QByteArray rdata = wireName("ns.lab.test") + wireName("admin.lab.test") +
                             QByteArray::fromHex("0000000100000e1000000384000927c000000e10");
    return PeerRecord{wireName(zone), std::uint16_t(Dns::Type::SOA), 1, ttl, rdata};
}

StoredAnswer storedFrom(const PeerMessage &message, qint64 nowMs)
{
    const QByteArray response = PeerAnswerCodec::toResponse(message, 86400);
    return *StoredAnswer::fromReply(Dns::Message::parse(response), response, nowMs, CacheLimits{},
                                    AnswerSource::upstream());
}

void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(bytes);
}

GroupConfig keyedConfig(const QString &name, const QString &keyFile)
{
    GroupConfig config;
    config.name = name;
    config.keyFile = keyFile;
    return config;
}

} // namespace

// The socket-free pieces of the peering runtime: the ask tracker, the answer scheduler with
// its suppression, the record check, the conversion between cache entries and peer records,
// the group store and the group setup.
class TestPeerRuntime : public QObject
{
    Q_OBJECT

private slots:
    void askIdsAreNonZeroAndUniqueWhileOutstanding()
    {
        AskTracker asks(2000, 2000);
        QSet<std::uint16_t> ids;
        for (int i = 0; i < 2000; ++i) {
            const auto started = asks.start(question("a.test"), {}, start);
            QVERIFY(started);
            QVERIFY(started->messageId != 0);
            ids.insert(started->messageId);
        }
        QCOMPARE(ids.size(), 2000);
    }

    void askTrackerIsBounded()
    {
        AskTracker asks(3, 2000);
        for (int i = 0; i < 3; ++i)
            QVERIFY(asks.start(question("a.test"), {}, start));
        QVERIFY(!asks.start(question("a.test"), {}, start));
        QCOMPARE(asks.size(), 3);
    }

    void askMatchesIdAndQuestionWithoutCase()
    {
        AskTracker asks(8, 2000);
        int called = 0;
        const auto started = asks.start(
            question("WWW.Lab.test"), [&](const PeerAnswer &) { ++called; }, start);
        QCOMPARE(asks.match(started->messageId, question("www.lab.TEST")),
                 AskTracker::Match::Waiting);
        QCOMPARE(asks.match(started->messageId, question("www.lab.test", Dns::Type::AAAA)),
                 AskTracker::Match::None);
        QCOMPARE(asks.match(std::uint16_t(started->messageId + 1), question("www.lab.test")),
                 AskTracker::Match::None);
        auto done = asks.take(started->messageId, question("www.lab.test"));
        QVERIFY(done);
        done(PeerAnswer{});
        QCOMPARE(called, 1);
        QVERIFY(!asks.take(started->messageId, question("www.lab.test")));
        QCOMPARE(asks.match(started->messageId, question("www.lab.test")),
                 AskTracker::Match::Answered);
    }

    void askTimesOut()
    {
        AskTracker asks(8, 2000);
        const auto answered = asks.start(question("a.test"), {}, start);
        asks.start(question("b.test"), {}, start + 500);
        asks.take(answered->messageId, question("a.test"));
        QCOMPARE(asks.nextDeadlineMs(), start + 2000);
        QCOMPARE(asks.expire(start + 1999), 0);
        QCOMPARE(asks.expire(start + 2000), 0); // the answered one goes, not counted
        QCOMPARE(asks.size(), 1);
        QCOMPARE(asks.expire(start + 2500), 1);
        QCOMPARE(asks.nextDeadlineMs(), qint64(-1));
    }

    void askCancel()
    {
        AskTracker asks(8, 2000);
        const auto started = asks.start(question("a.test"), {}, start);
        asks.cancel(started->request);
        QCOMPARE(asks.match(started->messageId, question("a.test")), AskTracker::Match::None);
    }

    void schedulerSendsDueAnswerOnce()
    {
        AnswerScheduler heard(8, 2000);
        heard.heard(u"lab"_qs, 5, question("a.test"), start, start + 40);
        heard.heard(u"lab"_qs, 5, question("a.test"), start + 10, start + 10); // repeated: kept
        QCOMPARE(heard.nextWakeMs(), start + 40);
        QVERIFY(heard.takeDue(start + 39).isEmpty());
        const auto due = heard.takeDue(start + 40);
        QCOMPARE(due.size(), 1);
        QCOMPARE(due.front().messageId, std::uint16_t(5));
        QVERIFY(heard.takeDue(start + 100).isEmpty());
        QVERIFY(heard.wasHeard(u"lab"_qs, 5, question("A.TEST")));
        heard.takeDue(start + 2000);
        QVERIFY(!heard.wasHeard(u"lab"_qs, 5, question("a.test")));
    }

    void schedulerSuppression()
    {
        AnswerScheduler heard(8, 2000);
        heard.heard(u"lab"_qs, 5, question("a.test"), start, start + 40);
        QVERIFY(!heard.suppress(u"other"_qs, 5, question("a.test")));
        QVERIFY(!heard.suppress(u"lab"_qs, 6, question("a.test")));
        QVERIFY(heard.suppress(u"lab"_qs, 5, question("a.test")));
        QVERIFY(!heard.suppress(u"lab"_qs, 5, question("a.test")));
        QVERIFY(heard.takeDue(start + 100).isEmpty());
    }

    void schedulerIsBounded()
    {
        AnswerScheduler heard(4, 2000);
        for (int i = 1; i <= 10; ++i)
            heard.heard(u"lab"_qs, std::uint16_t(i), question("a.test"), start, -1);
        QCOMPARE(heard.size(), 4);
        QCOMPARE(heard.forgotten(), quint64(6));
        QVERIFY(!heard.wasHeard(u"lab"_qs, 1, question("a.test")));
        QVERIFY(heard.wasHeard(u"lab"_qs, 10, question("a.test")));
    }

    void matchAcceptsNegativeAnswerWithSoaAbove()
    {
        QVERIFY(AnswerMatch::fits(question("gone.lab.test"), Dns::Rcode::NxDomain, {},
                                  {soaRecord("lab.test")}));
        QVERIFY(!AnswerMatch::fits(question("gone.lab.test"), Dns::Rcode::NxDomain, {}, {}));
        QVERIFY(!AnswerMatch::fits(question("gone.lab.test"), Dns::Rcode::NxDomain, {},
                                   {soaRecord("other.test")}));
        QVERIFY(AnswerMatch::fits(question("www.lab.test", Dns::Type::AAAA), Dns::Rcode::NoError,
                                  {}, {soaRecord("lab.test")}));
    }

    void matchTakesDnssecRecordsOfTheAnswer()
    {
        // RRSIG RDATA starts with the type it covers; the rest is opaque here.
        const auto signature = [](const char *owner, Dns::Type covered) {
            QByteArray rdata(2, 0);
            rdata[1] = char(std::uint16_t(covered));
            rdata += QByteArray(18, '\x01') + wireName("lab.test") + QByteArray(64, '\x02');
            return PeerRecord{wireName(owner), std::uint16_t(Dns::Type::RRSIG), 1, 60, rdata};
        };
        const auto denial = [](const char *owner) {
            return PeerRecord{wireName(owner), std::uint16_t(Dns::Type::NSEC), 1, 60,
                              wireName("z.lab.test") + QByteArray::fromHex("000620")};
        };
        QVERIFY(AnswerMatch::fits(
            question("www.lab.test"), Dns::Rcode::NoError,
            {aRecord("www.lab.test"), signature("www.lab.test", Dns::Type::A)}, {}));
        // A signature of another type, or over another name, does not belong.
        QVERIFY(!AnswerMatch::fits(
            question("www.lab.test"), Dns::Rcode::NoError,
            {aRecord("www.lab.test"), signature("www.lab.test", Dns::Type::MX)}, {}));
        QVERIFY(!AnswerMatch::fits(question("www.lab.test"), Dns::Rcode::NoError,
                                   {aRecord("www.lab.test"), signature("x.lab.test", Dns::Type::A)},
                                   {}));
        // A signed denial: SOA, its signature, NSEC records under the zone and theirs.
        QVERIFY(
            AnswerMatch::fits(question("gone.lab.test"), Dns::Rcode::NxDomain, {},
                              {soaRecord("lab.test"), signature("lab.test", Dns::Type::SOA),
                               denial("a.lab.test"), signature("a.lab.test", Dns::Type::NSEC)}));
        // NSEC records of another zone, or without a zone to sit in, do not.
        QVERIFY(!AnswerMatch::fits(question("gone.lab.test"), Dns::Rcode::NxDomain, {},
                                   {soaRecord("lab.test"), denial("a.other.test")}));
        QVERIFY(!AnswerMatch::fits(question("gone.lab.test"), Dns::Rcode::NoError, {},
                                   {denial("a.lab.test")}));
    }

    void matchRefusesMetaQuestionsAndFloods()
    {
        QVERIFY(!AnswerMatch::fits(question("a.test", Dns::Type::ANY), Dns::Rcode::NoError,
                                   {aRecord("a.test")}, {}));
        std::vector<PeerRecord> many(AnswerMatch::maxRecords + 1, aRecord("a.test"));
        QVERIFY(!AnswerMatch::fits(question("a.test"), Dns::Rcode::NoError, many, {}));
    }

    void matchFollowsChainInAnyOrder()
    {
        QVERIFY(AnswerMatch::fits(
            question("a.test"), Dns::Rcode::NoError,
            {aRecord("c.test"), cnameRecord("b.test", "c.test"), cnameRecord("A.test", "b.test")},
            {}));
        // A CNAME question takes no chain: the target's records do not belong.
        QVERIFY(!AnswerMatch::fits(
            question("a.test", Dns::Type::CNAME), Dns::Rcode::NoError,
            {cnameRecord("a.test", "b.test"), cnameRecord("b.test", "c.test")}, {}));
    }

    void codecRoundTripKeepsRemainingTtls()
    {
        const PeerMessage share =
            PeerMessage::share(NodeId::random(), question("www.lab.test"), Dns::Rcode::NoError,
                               {cnameRecord("www.lab.test", "web.lab.test", 600),
                                aRecord("web.lab.test", "192.0.2.5", 300)});
        const StoredAnswer stored = storedFrom(share, start);
        const auto fresh = PeerAnswerCodec::fromStored(stored, start + 100'000, false, 30);
        QVERIFY(fresh);
        QCOMPARE(fresh->answers.size(), std::size_t(2));
        QCOMPARE(fresh->answers[0].ttl, quint32(500));
        QCOMPARE(fresh->answers[1].ttl, quint32(200));
        QCOMPARE(fresh->answers[1].rdata, aRecord("x", "192.0.2.5").rdata);
        QCOMPARE(fresh->answers[0].rdata, wireName("web.lab.test"));
        const auto stale = PeerAnswerCodec::fromStored(stored, start + 400'000, true, 30);
        QCOMPARE(stale->answers[0].ttl, quint32(30));
        QCOMPARE(stale->answers[1].ttl, quint32(30));
    }

    void codecCapsTtlsAndKeepsNegativeAnswers()
    {
        const PeerMessage share =
            PeerMessage::share(NodeId::random(), question("gone.lab.test"), Dns::Rcode::NxDomain,
                               {}, {soaRecord("lab.test", 3600)});
        const QByteArray response = PeerAnswerCodec::toResponse(share, 120);
        const Dns::Message parsed = Dns::Message::parse(response);
        QVERIFY(parsed.ok());
        QCOMPARE(parsed.header.rcode(), std::uint8_t(3));
        QCOMPARE(parsed.authorities.size(), std::size_t(1));
        QCOMPARE(parsed.authorities[0].ttl, quint32(120));
        const auto records =
            PeerAnswerCodec::fromStored(storedFrom(share, start), start, false, 30);
        QCOMPARE(records->rcode, Dns::Rcode::NxDomain);
        QCOMPARE(records->authorities.size(), std::size_t(1));
    }

    void presenceSequenceIsOptionalAndBounded()
    {
        PeerPresence announced = presence();
        announced.sequence = 42;
        QCOMPARE(PeerPresence::fromTxtRdata(announced.toTxtRdata())->sequence, quint32(42));
        QCOMPARE(PeerPresence::fromTxtRdata(presence().toTxtRdata())->sequence, quint32(0));
        QByteArray bad = presence().toTxtRdata();
        bad += char(6);
        bad += "seq=x1";
        QVERIFY(!PeerPresence::fromTxtRdata(bad));
    }

    void privateDomains()
    {
        const PrivateDomains domains({u"corp.test."_qs, u"home.arpa"_qs, u"bad..name"_qs});
        QVERIFY(domains.covers(wireName("corp.test")));
        QVERIFY(domains.covers(wireName("WWW.Corp.Test")));
        QVERIFY(domains.covers(wireName("x.home.arpa")));
        QVERIFY(!domains.covers(wireName("notcorp.test")));
        QVERIFY(!domains.covers(wireName("test")));
        QVERIFY(!PrivateDomains().covers(wireName("corp.test")));
    }

    void storeRemembersRuntimeGroupsAndKeepsKeysPrivate()
    {
        QTemporaryDir dir;
        GroupStore store(dir.path());
        const GroupKey key = *GroupKey::fromPassphrase(u"lab", u"correct horse"_qs);
        const QString keyPath = store.saveKey(key);
        QCOMPARE(keyPath, dir.filePath(u"groups/lab.key"_qs));
        const QFileDevice::Permissions permissions = QFile::permissions(keyPath);
        QVERIFY(permissions.testFlags(QFileDevice::ReadOwner | QFileDevice::WriteOwner));
        const auto groupOrOther = QFileDevice::ReadGroup | QFileDevice::WriteGroup |
                                  QFileDevice::ExeGroup | QFileDevice::ReadOther |
                                  QFileDevice::WriteOther | QFileDevice::ExeOther;
        QVERIFY(!(permissions & groupOrOther));
        const auto reread = KeyFile::read(keyPath);
        QVERIFY(reread);
        QCOMPARE(reread->secret(), key.secret());

        JoinedGroup lab = joined(u"lab"_qs, key, QHostAddress(u"239.255.1.2"_qs), 15353);
        lab.share = false;
        lab.keyFile = keyPath;
        lab.keyStored = true;
        lab.configured = false;
        JoinedGroup cafe = joined(u"cafe"_qs, std::nullopt, QHostAddress(u"239.255.1.3"_qs), 16000);
        cafe.configured = false;
        const JoinedGroup configured =
            joined(u"ops"_qs, key, QHostAddress(u"239.255.1.4"_qs), 15353);
        QVERIFY(store.save({lab, cafe, configured}));
        const QList<GroupStore::Entry> entries = store.load();
        QCOMPARE(entries.size(), 2);
        QCOMPARE(entries[0].name, u"lab"_qs);
        QCOMPARE(entries[0].keyFile, keyPath);
        QVERIFY(entries[0].keyStored);
        QVERIFY(!entries[0].share);
        QCOMPARE(entries[1].name, u"cafe"_qs);
        QVERIFY(entries[1].open);
        QCOMPARE(entries[1].port, quint16(16000));
        QVERIFY(!QFile(store.listPath()).readAll().contains(key.secret().toBase64()));

        store.removeKey(u"lab"_qs);
        QVERIFY(!QFile::exists(keyPath));
    }

    void storeSkipsHostileEntries()
    {
        QTemporaryDir dir;
        GroupStore store(dir.path());
        writeFile(store.listPath(),
                  R"({"groups":[{"name":"../etc","port":1,"address":"239.255.1.1","open":true},
                                {"name":"ok","port":70000,"address":"239.255.1.1","open":true},
                                {"name":"rel","port":1,"address":"239.255.1.1","keyFile":"x.key"},
                                {"name":"good","port":15353,"address":"239.255.1.1","open":true}]})");
        const QList<GroupStore::Entry> entries = store.load();
        QCOMPARE(entries.size(), 1);
        QCOMPARE(entries[0].name, u"good"_qs);

        writeFile(store.listPath(), QByteArray(GroupStore::maxFileSize + 1, ' '));
        QVERIFY(store.load().isEmpty());
        writeFile(store.listPath(), "\x00\xff not json");
        QVERIFY(store.load().isEmpty());
    }

    void setupReadsKeyFilesForTheirOwnGroupOnly()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"ops.key"_qs);
        writeFile(path,
                  GroupStore::keyFileText(*GroupKey::fromSecret(u"ops", QByteArray(32, 'k'))));
        QString error;
        QVERIFY(!GroupSetup::fromConfig(keyedConfig(u"lab"_qs, path), 15353, &error));
        QVERIFY2(error.contains(u"ops"_qs), qPrintable(error));
        const auto ops = GroupSetup::fromConfig(keyedConfig(u"ops"_qs, path), 15353, &error);
        QVERIFY(ops);
        QCOMPARE(ops->port, quint16(15353));
        QVERIFY(ops->address.isMulticast());
        QVERIFY(!GroupSetup::fromConfig(keyedConfig(u"ops"_qs, dir.filePath(u"none"_qs)), 15353,
                                        &error));
    }

    void setupFromRequests()
    {
        QString error;
        Control::JoinRequest request;
        request.name = u"Lab"_qs;
        request.passphrase = u"s3cret words"_qs;
        auto lab = GroupSetup::fromRequest(request, 15353, &error);
        QVERIFY(lab);
        QCOMPARE(lab->name, u"lab"_qs);
        QVERIFY(lab->keyed());
        QVERIFY(!lab->configured);

        request.passphrase.clear();
        request.secret = QByteArray(8, 'x');
        QVERIFY(!GroupSetup::fromRequest(request, 15353, &error));
        QVERIFY(!error.contains(u"xxxxxxxx"_qs));

        request.secret.clear();
        request.open = true;
        request.address = u"192.0.2.1"_qs;
        QVERIFY(!GroupSetup::fromRequest(request, 15353, &error));
        QVERIFY2(error.contains(u"not a multicast"_qs), qPrintable(error));
        request.address = u"239.255.50.1"_qs;
        request.port = 16001;
        const auto open = GroupSetup::fromRequest(request, 15353, &error);
        QVERIFY(open);
        QVERIFY(!open->keyed());
        QCOMPARE(open->port, quint16(16001));
    }
};

QTEST_GUILESS_MAIN(TestPeerRuntime)
#include "TestPeerRuntime.moc"
