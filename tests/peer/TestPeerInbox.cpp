#include "PeerTestSupport.h"
#include "service/common/Counters.h"
#include "service/peer/AnswerScheduler.h"
#include "service/peer/AskTracker.h"
#include "service/peer/PeerInbox.h"
#include "service/peer/PeerTable.h"

#include <QTest>

using namespace Shoal;
using namespace Shoal::Test;

namespace {

const QHostAddress labAddress(QStringLiteral("239.255.9.9"));
const QHostAddress cafeAddress(QStringLiteral("239.255.9.10"));
const QHostAddress peerSource(QStringLiteral("192.0.2.7"));
constexpr quint16 port = 15353;

} // namespace

// Every rung of the receiving ladder (docs/protocol.md), socket-free: each drop reason is
// produced by a message made for it and counted under its own name, and what passes comes back
// with the role it plays.
class TestPeerInbox : public QObject
{
    Q_OBJECT

private:
    ManualClock m_clock;
    std::unique_ptr<Counters> m_counters;
    std::unique_ptr<PeerTable> m_table;
    std::unique_ptr<AskTracker> m_asks;
    std::unique_ptr<AnswerScheduler> m_heard;
    std::unique_ptr<PeerInbox> m_inbox;
    NodeId m_self = NodeId::random();
    NodeId m_member = NodeId::random();
    NodeId m_stranger = NodeId::random();
    GroupKey m_key = labKey();

    PeerInbox::Verdict receive(const QByteArray &bytes, const QHostAddress &to = labAddress,
                               const QHostAddress &from = peerSource)
    {
        return m_inbox->receive(PeerDatagram{bytes, from, port, to, port});
    }

    PeerInbox::Verdict receiveSigned(const PeerMessage &message)
    {
        return receive(wire(message, m_clock, &m_key));
    }

    quint64 dropped(const char *reason) const
    {
        return m_counters->value(u"peer.dropped."_qs + QString::fromLatin1(reason));
    }

    void expectDrop(const PeerInbox::Verdict &verdict, const char *reason)
    {
        QCOMPARE(verdict.outcome, PeerInbox::Outcome::Dropped);
        QCOMPARE(verdict.dropReason, QString::fromLatin1(reason));
        QCOMPARE(dropped(reason), quint64(1));
    }

    PeerMessage share(const NodeId &from, std::vector<PeerRecord> answers)
    {
        return PeerMessage::share(from, question("www.lab.test"), Dns::Rcode::NoError,
                                  std::move(answers));
    }

private slots:
    void init()
    {
        m_counters = std::make_unique<Counters>();
        m_table = std::make_unique<PeerTable>(m_clock);
        m_asks = std::make_unique<AskTracker>(16, 2000);
        m_heard = std::make_unique<AnswerScheduler>(16, 2000);
        m_inbox =
            std::make_unique<PeerInbox>(m_clock, *m_counters, m_self, *m_table, *m_asks, *m_heard);
        const JoinedGroup lab = joined(u"lab"_qs, m_key, labAddress, port);
        const JoinedGroup cafe = joined(u"cafe"_qs, std::nullopt, cafeAddress, port);
        m_inbox->setGroups({lab, cafe});
        m_table->announce(u"lab"_qs, m_member, peerSource, port, presence(), 180);
        m_table->announce(u"cafe"_qs, m_member, peerSource, port, presence(), 180);
    }

    void everyReasonHasACounterFromTheStart()
    {
        const QStringList reasons = PeerInbox::dropReasons();
        for (const char *reason :
             {"too-large", "rate-limited", "not-joined", "tsig-unsigned", "tsig-bad-key",
              "tsig-bad-sig", "tsig-bad-time", "tsig-malformed", "tsig-unexpected", "replay",
              "malformed", "no-shoal-option", "unsolicited", "not-member", "mismatch"})
            QVERIFY2(reasons.contains(QString::fromLatin1(reason)), reason);
        const QList<Counters::Entry> all = m_counters->snapshot();
        QVERIFY(std::any_of(all.begin(), all.end(), [](const Counters::Entry &e) {
            return e.name == u"peer.dropped.tsig-bad-sig" && e.value == 0;
        }));
    }

    void acceptsSignedAnnounce()
    {
        const auto verdict =
            receiveSigned(PeerMessage::announce(m_stranger, presence("ws-2"), 180));
        QCOMPARE(verdict.outcome, PeerInbox::Outcome::Accepted);
        QCOMPARE(verdict.role, PeerInbox::Role::Presence);
        QCOMPARE(verdict.group, u"lab"_qs);
        QVERIFY(verdict.keyed);
        QCOMPARE(verdict.message.presence.hostName, u"ws-2"_qs);
    }

    void dropsOversize()
    {
        expectDrop(receive(QByteArray(PeerMessage::maxWireSize + 1, 'x')), "too-large");
    }

    void dropsWhatNoJoinedGroupWasSentTo()
    {
        const QByteArray bytes =
            wire(PeerMessage::announce(m_stranger, presence(), 180), m_clock, &m_key);
        expectDrop(receive(bytes, QHostAddress(u"239.255.77.77"_qs)), "not-joined");
    }

    void dropsUnsignedInKeyedGroup()
    {
        expectDrop(
            receive(wire(share(m_member, {aRecord("www.lab.test", "203.0.113.66")}), m_clock)),
            "tsig-unsigned");
    }

    void dropsWrongSecret()
    {
        const GroupKey wrong = labKey("another secret of sixteen bytes+");
        const QByteArray bytes = wire(share(m_member, {aRecord("www.lab.test")}), m_clock, &wrong);
        expectDrop(receive(bytes), "tsig-bad-sig");
    }

    void dropsUnknownKeyName()
    {
        const GroupKey other = *GroupKey::fromSecret(u"ops", QByteArray(32, 'k'));
        const QByteArray bytes = wire(share(m_member, {aRecord("www.lab.test")}), m_clock, &other);
        expectDrop(receive(bytes), "tsig-bad-key");
    }

    void dropsOutOfTime()
    {
        ManualClock skewed(m_clock.nowMs() + 301'000);
        const QByteArray bytes = wire(share(m_member, {aRecord("www.lab.test")}), skewed, &m_key);
        expectDrop(receive(bytes), "tsig-bad-time");
    }

    void dropsMalformedTsig()
    {
        QByteArray bytes = wire(share(m_member, {aRecord("www.lab.test")}), m_clock, &m_key);
        bytes.chop(3); // the TSIG record's Other Len and more: it no longer fits its length
        expectDrop(receive(bytes), "tsig-malformed");
    }

    void dropsSignedMessageInOpenGroup()
    {
        const QByteArray bytes =
            wire(PeerMessage::announce(m_stranger, presence(), 180), m_clock, &m_key);
        expectDrop(receive(bytes, cafeAddress), "tsig-unexpected");
    }

    void dropsGarbageInOpenGroup()
    {
        expectDrop(receive(QByteArray("\x12\x34garbage", 9), cafeAddress), "malformed");
    }

    void dropsReplay()
    {
        const QByteArray bytes =
            wire(PeerMessage::announce(m_stranger, presence(), 180), m_clock, &m_key);
        QCOMPARE(receive(bytes).outcome, PeerInbox::Outcome::Accepted);
        m_clock.advanceMs(10'000);
        expectDrop(receive(bytes), "replay");
    }

    void dropsSignedNonPeerMessage()
    {
        // A plain DNS query, correctly signed: the key holder is not speaking the protocol.
        QByteArray query = QByteArray::fromHex("abcd01000001000000000000") + wireName("x.test") +
                           QByteArray::fromHex("00010001");
        Tsig(m_clock).sign(query, m_key);
        expectDrop(receive(query), "no-shoal-option");
    }

    void ignoresOwnEcho()
    {
        const auto verdict = receiveSigned(PeerMessage::announce(m_self, presence(), 180));
        QCOMPARE(verdict.outcome, PeerInbox::Outcome::Own);
        QCOMPARE(m_counters->value(u"peer.ignored.own"_qs), quint64(1));
    }

    void rateLimitsBySourceAddress()
    {
        const PeerMessage ask = PeerMessage::ask(m_stranger, 7, question("a.test"));
        int dropCount = 0;
        for (int i = 0; i < 250; ++i) {
            const auto verdict = receive(wire(ask, m_clock), cafeAddress);
            dropCount += verdict.outcome == PeerInbox::Outcome::Dropped ? 1 : 0;
        }
        QCOMPARE(dropCount, 50); // burst 200
        QCOMPARE(dropped("rate-limited"), quint64(50));
        m_clock.advanceMs(1000);
        QCOMPARE(receive(wire(ask, m_clock), cafeAddress).outcome, PeerInbox::Outcome::Accepted);
    }

    void rateLimitsByNodeId()
    {
        const PeerMessage ask = PeerMessage::ask(m_stranger, 7, question("a.test"));
        int dropCount = 0;
        for (int i = 0; i < 250; ++i) {
            const QHostAddress from(quint32(0xc0000200u + quint32(i % 250))); // 192.0.2.x
            const auto verdict = receive(wire(ask, m_clock), cafeAddress, from);
            dropCount += verdict.outcome == PeerInbox::Outcome::Dropped ? 1 : 0;
        }
        QCOMPARE(dropCount, 50);
        QCOMPARE(dropped("rate-limited"), quint64(50));
    }

    void acceptsAskFromAnyone()
    {
        const auto verdict = receiveSigned(PeerMessage::ask(m_stranger, 9, question("a.test")));
        QCOMPARE(verdict.outcome, PeerInbox::Outcome::Accepted);
        QCOMPARE(verdict.role, PeerInbox::Role::Ask);
    }

    void dropsUnsolicitedAnswer_data()
    {
        QTest::addColumn<bool>("keyed");
        QTest::newRow("keyed group") << true;
        QTest::newRow("open group") << false;
    }

    void dropsUnsolicitedAnswer()
    {
        QFETCH(bool, keyed);
        const PeerMessage ask = PeerMessage::ask(m_stranger, 4242, question("www.lab.test"));
        const PeerMessage answer = PeerMessage::answer(ask, m_member, Dns::Rcode::NoError,
                                                       {aRecord("www.lab.test", "203.0.113.66")});
        const auto verdict =
            keyed ? receiveSigned(answer) : receive(wire(answer, m_clock), cafeAddress);
        expectDrop(verdict, "unsolicited");
    }

    void takesAnswerToOurAskOnceThenLate()
    {
        const Dns::Question q = question("www.lab.test");
        const auto started = m_asks->start(
            q, [](const PeerAnswer &) {}, m_clock.nowMs());
        const PeerMessage ask = PeerMessage::ask(m_self, started->messageId, q);
        const PeerMessage answer =
            PeerMessage::answer(ask, m_member, Dns::Rcode::NoError, {aRecord("www.lab.test")});
        auto verdict = receive(wire(answer, m_clock), cafeAddress);
        QCOMPARE(verdict.outcome, PeerInbox::Outcome::Accepted);
        QCOMPARE(verdict.role, PeerInbox::Role::OurAnswer);
        QVERIFY(m_asks->take(started->messageId, q));
        verdict = receiveSigned(answer);
        QCOMPARE(verdict.role, PeerInbox::Role::LateAnswer);
    }

    void answerToOurAskWithOtherQuestionIsUnsolicited()
    {
        const auto started = m_asks->start(question("www.lab.test"), {}, m_clock.nowMs());
        const PeerMessage ask = PeerMessage::ask(m_self, started->messageId, question("evil.test"));
        const PeerMessage answer =
            PeerMessage::answer(ask, m_member, Dns::Rcode::NoError, {aRecord("evil.test")});
        expectDrop(receiveSigned(answer), "unsolicited");
    }

    void answerToOurAskExpiresAfterTimeout()
    {
        const Dns::Question q = question("www.lab.test");
        const auto started = m_asks->start(q, {}, m_clock.nowMs());
        m_clock.advanceMs(2001);
        QCOMPARE(m_asks->expire(m_clock.nowMs()), 1);
        const PeerMessage ask = PeerMessage::ask(m_self, started->messageId, q);
        expectDrop(receive(wire(PeerMessage::answer(ask, m_member, Dns::Rcode::NoError,
                                                    {aRecord("www.lab.test")}),
                                m_clock),
                           cafeAddress),
                   "unsolicited");
    }

    void learnsAnswerToHeardAskInKeyedGroupOnly()
    {
        const Dns::Question q = question("www.lab.test");
        m_heard->heard(u"lab"_qs, 77, q, m_clock.nowMs(), -1);
        const PeerMessage ask = PeerMessage::ask(m_stranger, 77, q);
        const auto verdict = receiveSigned(
            PeerMessage::answer(ask, m_member, Dns::Rcode::NoError, {aRecord("www.lab.test")}));
        QCOMPARE(verdict.outcome, PeerInbox::Outcome::Accepted);
        QCOMPARE(verdict.role, PeerInbox::Role::Learn);

        m_heard->heard(u"cafe"_qs, 78, q, m_clock.nowMs(), -1);
        const PeerMessage openAsk = PeerMessage::ask(m_stranger, 78, q);
        expectDrop(receive(wire(PeerMessage::answer(openAsk, m_member, Dns::Rcode::NoError,
                                                    {aRecord("www.lab.test")}),
                                m_clock),
                           cafeAddress),
                   "unsolicited");
    }

    void dropsShareFromNonMember()
    {
        expectDrop(receiveSigned(share(m_stranger, {aRecord("www.lab.test")})), "not-member");
    }

    void dropsShareInOpenGroup()
    {
        expectDrop(receive(wire(share(m_member, {aRecord("www.lab.test")}), m_clock), cafeAddress),
                   "not-member");
    }

    void dropsAnswerToOurAskFromNonMember()
    {
        const Dns::Question q = question("www.lab.test");
        const auto started = m_asks->start(q, {}, m_clock.nowMs());
        const PeerMessage ask = PeerMessage::ask(m_self, started->messageId, q);
        expectDrop(receiveSigned(PeerMessage::answer(ask, m_stranger, Dns::Rcode::NoError,
                                                     {aRecord("www.lab.test")})),
                   "not-member");
    }

    void acceptsShareFromMemberWithCnameChain()
    {
        const auto verdict = receiveSigned(share(
            m_member, {cnameRecord("www.lab.test", "web.lab.test"),
                       cnameRecord("web.lab.test", "host.cdn.test"), aRecord("host.cdn.test")}));
        QCOMPARE(verdict.outcome, PeerInbox::Outcome::Accepted);
        QCOMPARE(verdict.role, PeerInbox::Role::Learn);
    }

    void dropsMismatchedRecords_data()
    {
        QTest::addColumn<std::vector<PeerRecord>>("answers");
        QTest::newRow("other owner") << std::vector<PeerRecord>{
            aRecord("www.lab.test"), aRecord("bank.test", "203.0.113.66")};
        QTest::newRow("other type") << std::vector<PeerRecord>{PeerRecord{
            wireName("www.lab.test"), std::uint16_t(Dns::Type::TXT), 1, 300, QByteArray("\3abc")}};
        QTest::newRow("owner off the chain") << std::vector<PeerRecord>{
            cnameRecord("www.lab.test", "web.lab.test"), aRecord("elsewhere.test")};
        QTest::newRow("other class") << std::vector<PeerRecord>{PeerRecord{
            wireName("www.lab.test"), std::uint16_t(Dns::Type::A), 3, 300, QByteArray(4, '\1')}};
    }

    void dropsMismatchedRecords()
    {
        QFETCH(std::vector<PeerRecord>, answers);
        expectDrop(receiveSigned(share(m_member, answers)), "mismatch");
    }

    void suppressesOurPendingAnswerWhenAnotherMemberAnswers()
    {
        const Dns::Question q = question("www.lab.test");
        m_heard->heard(u"lab"_qs, 91, q, m_clock.nowMs(), m_clock.nowMs() + 50);
        const PeerMessage ask = PeerMessage::ask(m_stranger, 91, q);
        receiveSigned(
            PeerMessage::answer(ask, m_member, Dns::Rcode::NoError, {aRecord("www.lab.test")}));
        QCOMPARE(m_counters->value(u"peer.answers.suppressed"_qs), quint64(1));
        m_clock.advanceMs(100);
        QVERIFY(m_heard->takeDue(m_clock.nowMs()).isEmpty());
    }

    void forgedAnswerDoesNotSuppress()
    {
        const Dns::Question q = question("www.lab.test");
        m_heard->heard(u"lab"_qs, 92, q, m_clock.nowMs(), m_clock.nowMs() + 50);
        const PeerMessage ask = PeerMessage::ask(m_stranger, 92, q);
        receive(
            wire(PeerMessage::answer(ask, m_member, Dns::Rcode::NoError, {aRecord("www.lab.test")}),
                 m_clock)); // unsigned: dropped at the TSIG rung
        m_clock.advanceMs(100);
        QCOMPARE(m_heard->takeDue(m_clock.nowMs()).size(), 1);
    }
};

Q_DECLARE_METATYPE(std::vector<Shoal::PeerRecord>)

QTEST_GUILESS_MAIN(TestPeerInbox)
#include "TestPeerInbox.moc"
