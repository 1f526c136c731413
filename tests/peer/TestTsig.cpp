#include "service/common/Clock.h"
#include "service/dns/DnsName.h"
#include "service/dns/Message.h"
#include "service/dns/MessageBuilder.h"
#include "service/peer/GroupKey.h"
#include "service/peer/ReplayGuard.h"
#include "service/peer/Tsig.h"

#include <QTest>

using namespace Shoal;
using Result = Tsig::Result;

namespace {

GroupKey makeKey(const char *group, char fill)
{
    return *GroupKey::fromSecret(QString::fromLatin1(group), QByteArray(32, fill));
}

QByteArray query(std::uint16_t id = 0x1234)
{
    return Dns::MessageBuilder::query(id, *Dns::nameFromText(u"host.lab.test"), 1, 1, {});
}

// Where the TSIG record's fields sit in a message we signed with key "lab".
struct TsigLayout
{
    qsizetype start;    // owner name
    qsizetype rdlength; // RDLENGTH field
    qsizetype macSize;  // MAC size field
    qsizetype mac;      // first MAC byte
};

TsigLayout layoutOf(const QByteArray &signedMessage)
{
    const auto parsed = Dns::Message::parse(signedMessage);
    const qsizetype start = qsizetype(*parsed.tsigOffset);
    const qsizetype rdlength = start + 5 + 8;            // "\3lab\0" then type, class, TTL
    const qsizetype macSize = rdlength + 2 + 13 + 6 + 2; // algorithm, time, fudge
    return {start, rdlength, macSize, macSize + 2};
}

std::uint16_t rcodeOf(const QByteArray &message)
{
    return Dns::Header::read(message)->rcode();
}

} // namespace

class TestTsig : public QObject
{
    Q_OBJECT

private slots:
    void signAndVerify()
    {
        ManualClock clock;
        const Tsig tsig(clock);
        const GroupKey key = makeKey("lab", 'k');
        QByteArray message = query();
        const QByteArray unsignedSize = QByteArray::number(message.size());
        const QByteArray mac = tsig.sign(message, key);
        QCOMPARE(mac.size(), Tsig::macSize);

        const auto parsed = Dns::Message::parse(message);
        QVERIFY(parsed.ok());
        QVERIFY(parsed.tsigOffset);
        QCOMPARE(QByteArray::number(*parsed.tsigOffset), unsignedSize);
        QCOMPARE(parsed.header.additionalCount, 2); // OPT and TSIG

        const Tsig::Verification v = tsig.verify(message, key);
        QCOMPARE(v.result, Result::Ok);
        QCOMPARE(v.record.mac, mac);
        QCOMPARE(v.record.keyName, key.wireName());
        QCOMPARE(v.record.timeSigned, quint64(clock.nowMs() / 1000));
        QCOMPARE(v.record.fudge, Tsig::fudgeSeconds);
        QCOMPARE(v.record.originalId, 0x1234);
        QVERIFY(v.key);
        QCOMPARE(v.key->group(), QStringLiteral("lab"));
    }

    void keyIsChosenByName()
    {
        ManualClock clock;
        const Tsig tsig(clock);
        const QList<GroupKey> keys{makeKey("alpha", 'a'), makeKey("lab", 'k')};
        QByteArray message = query();
        tsig.sign(message, keys[1]);
        const auto v = tsig.verify(message, keys);
        QCOMPARE(v.result, Result::Ok);
        QCOMPARE(v.key->group(), QStringLiteral("lab"));
    }

    void originalIdSurvivesAnIdChange()
    {
        // A forwarder may rewrite the ID; the MAC covers the original one.
        ManualClock clock;
        const Tsig tsig(clock);
        const GroupKey key = makeKey("lab", 'k');
        QByteArray message = query(0x1234);
        tsig.sign(message, key);
        Dns::writeU16(reinterpret_cast<std::uint8_t *>(message.data()), 0x9999);
        const auto v = tsig.verify(message, key);
        QCOMPARE(v.result, Result::Ok);
        QCOMPARE(v.messageId, 0x9999);
    }

    void everyTamperedByteIsRefused()
    {
        ManualClock clock;
        const Tsig tsig(clock);
        const GroupKey key = makeKey("lab", 'k');
        QByteArray message = query();
        tsig.sign(message, key);
        const TsigLayout layout = layoutOf(message);
        for (qsizetype i = 0; i < message.size(); ++i) {
            if (i == 0 || i == 1)
                continue; // the ID: covered through Original ID, see above
            QByteArray tampered = message;
            tampered[i] = char(tampered[i] ^ 0x01);
            const Result result = tsig.verify(tampered, key).result;
            // Bytes that change the structure may also read as another key or as malformed.
            QVERIFY2(result != Result::Ok, qPrintable(QStringLiteral("byte %1").arg(i)));
            if (i >= layout.mac && i < layout.mac + Tsig::macSize)
                QCOMPARE(result, Result::BadSig);
        }
        // A letter of the question name, changed in case only: still a different message.
        QByteArray caseChanged = message;
        caseChanged[Dns::headerSize + 1] = 'H';
        QCOMPARE(tsig.verify(caseChanged, key).result, Result::BadSig);
    }

    void wrongKeys()
    {
        ManualClock clock;
        const Tsig tsig(clock);
        QByteArray message = query();
        tsig.sign(message, makeKey("lab", 'k'));
        QCOMPARE(tsig.verify(message, makeKey("lab", 'x')).result, Result::BadSig);
        QCOMPARE(tsig.verify(message, makeKey("other", 'k')).result, Result::BadKey);
        QCOMPARE(tsig.verify(message, QList<GroupKey>{}).result, Result::BadKey);

        QByteArray otherAlgorithm = message;
        const qsizetype at = otherAlgorithm.indexOf("hmac-sha256");
        otherAlgorithm.replace(at, 11, "hmac-sha384");
        QCOMPARE(tsig.verify(otherAlgorithm, makeKey("lab", 'k')).result, Result::BadKey);
    }

    void timeOutsideTheFudge()
    {
        ManualClock clock;
        const Tsig tsig(clock);
        const GroupKey key = makeKey("lab", 'k');
        QByteArray message = query();
        tsig.sign(message, key);

        clock.advanceMs(300'000);
        QCOMPARE(tsig.verify(message, key).result, Result::Ok);
        clock.advanceMs(1'000);
        QCOMPARE(tsig.verify(message, key).result, Result::BadTime);
        clock.advanceMs(-602'000);
        QCOMPARE(tsig.verify(message, key).result, Result::BadTime);
        clock.advanceMs(1'000);
        QCOMPARE(tsig.verify(message, key).result, Result::Ok);
    }

    void badMacIsReportedBeforeBadTime()
    {
        ManualClock clock;
        const Tsig tsig(clock);
        QByteArray message = query();
        tsig.sign(message, makeKey("lab", 'k'));
        clock.advanceMs(3'600'000);
        QCOMPARE(tsig.verify(message, makeKey("lab", 'x')).result, Result::BadSig);
    }

    void unsignedMessages()
    {
        ManualClock clock;
        const Tsig tsig(clock);
        QCOMPARE(tsig.verify(query(), makeKey("lab", 'k')).result, Result::Unsigned);
        QCOMPARE(tsig.verify(QByteArray("\x12\x34", 2), makeKey("lab", 'k')).result,
                 Result::Malformed);
    }

    void malformedRecords()
    {
        ManualClock clock;
        const Tsig tsig(clock);
        const GroupKey key = makeKey("lab", 'k');
        QByteArray message = query();
        tsig.sign(message, key);
        const TsigLayout layout = layoutOf(message);

        for (qsizetype cut = layout.start + 1; cut < message.size(); ++cut)
            QCOMPARE(tsig.verify(message.left(cut), key).result, Result::Malformed);
        QCOMPARE(tsig.verify(QByteArray(message + char(0)), key).result, Result::Malformed);

        QByteArray notLast = message; // another record after the TSIG
        notLast += QByteArray::fromHex("00000100010000003c0004c0000201");
        auto *h = reinterpret_cast<std::uint8_t *>(notLast.data());
        Dns::writeU16(h + 10, Dns::readU16(h + 10) + 1);
        QCOMPARE(tsig.verify(notLast, key).result, Result::Malformed);

        QByteArray classIn = message;
        classIn[layout.start + 5 + 3] = 1; // class ANY -> IN
        QCOMPARE(tsig.verify(classIn, key).result, Result::Malformed);

        QByteArray otherLength = message;
        otherLength[message.size() - 1] = 1; // Other Len past the RDATA
        QCOMPARE(tsig.verify(otherLength, key).result, Result::Malformed);

        QByteArray longMac = message; // MAC size 33, RDLENGTH grown to match
        longMac.insert(layout.mac, 'x');
        longMac[layout.macSize + 1] = char(33);
        longMac[layout.rdlength + 1] = char(quint8(longMac[layout.rdlength + 1]) + 1);
        QCOMPARE(tsig.verify(longMac, key).result, Result::Malformed);
    }

    void truncatedMacIsRefused()
    {
        ManualClock clock;
        const Tsig tsig(clock);
        const GroupKey key = makeKey("lab", 'k');
        QByteArray message = query();
        tsig.sign(message, key);
        const TsigLayout layout = layoutOf(message);
        message.remove(layout.mac + 16, 16);
        message[layout.macSize + 1] = char(16);
        message[layout.rdlength + 1] = char(quint8(message[layout.rdlength + 1]) - 16);
        QCOMPARE(tsig.verify(message, key).result, Result::BadSig);
    }

    void responsesChainTheRequestMac()
    {
        ManualClock clock;
        const Tsig tsig(clock);
        const GroupKey key = makeKey("lab", 'k');
        QByteArray request = query();
        const QByteArray requestMac = tsig.sign(request, key);
        QByteArray response = Dns::MessageBuilder::errorReply(query(), Dns::Rcode::NxDomain);
        tsig.sign(response, key, requestMac);
        QCOMPARE(tsig.verify(response, key, requestMac).result, Result::Ok);
        QCOMPARE(tsig.verify(response, key).result, Result::BadSig);
        QByteArray otherMac = requestMac;
        otherMac[0] = char(otherMac[0] ^ 1);
        QCOMPARE(tsig.verify(response, key, otherMac).result, Result::BadSig);
    }

    void errorResponses()
    {
        ManualClock clock;
        const Tsig tsig(clock);
        const GroupKey key = makeKey("lab", 'k');
        QByteArray request = query();
        tsig.sign(request, makeKey("lab", 'x'));

        const auto badSig = tsig.verify(request, key);
        QCOMPARE(badSig.result, Result::BadSig);
        const QByteArray badSigReply = tsig.errorResponse(request, badSig);
        QCOMPARE(rcodeOf(badSigReply), 9); // NOTAUTH
        const auto seen = tsig.verify(badSigReply, key);
        QCOMPARE(seen.record.error, 16);
        QVERIFY(seen.record.mac.isEmpty()); // unsigned, as RFC 8945 section 5.3.2 demands
        QCOMPARE(seen.record.originalId, 0x1234);
        QCOMPARE(Dns::Message::parse(badSigReply).questions.size(), std::size_t(1));

        const auto badKey = tsig.verify(request, makeKey("other", 'k'));
        const QByteArray badKeyReply = tsig.errorResponse(request, badKey);
        QCOMPARE(rcodeOf(badKeyReply), 9);
        QCOMPARE(tsig.verify(badKeyReply, key).record.error, 17);
        QCOMPARE(tsig.verify(badKeyReply, key).record.keyName, key.wireName());

        QCOMPARE(rcodeOf(tsig.errorResponse(query(), tsig.verify(query(), key))),
                 std::uint16_t(Dns::Rcode::Refused));
        QByteArray cut = request.left(request.size() - 3);
        QCOMPARE(rcodeOf(tsig.errorResponse(cut, tsig.verify(cut, key))),
                 std::uint16_t(Dns::Rcode::FormErr));
        QVERIFY(tsig.errorResponse(request, Tsig::Verification{Result::Ok, {}, {}, 0}).isEmpty());
    }

    void badTimeResponseIsSignedAndTellsOurTime()
    {
        ManualClock clientClock;
        ManualClock serverClock(clientClock.nowMs() + 1'000'000);
        const Tsig client(clientClock);
        const Tsig server(serverClock);
        const GroupKey key = makeKey("lab", 'k');
        QByteArray request = query();
        const QByteArray requestMac = client.sign(request, key);
        const auto v = server.verify(request, key);
        QCOMPARE(v.result, Result::BadTime);
        const QByteArray reply = server.errorResponse(request, v);
        QCOMPARE(rcodeOf(reply), 9);

        const auto seen = client.verify(reply, key, requestMac);
        QCOMPARE(seen.result, Result::Ok); // signed, with the request's time
        QCOMPARE(seen.record.error, 18);
        QCOMPARE(seen.record.timeSigned, quint64(clientClock.nowMs() / 1000));
        QCOMPARE(seen.record.otherData.size(), 6);
        QCOMPARE(Dns::readU32(
                     reinterpret_cast<const std::uint8_t *>(seen.record.otherData.constData()) + 2),
                 std::uint32_t(serverClock.nowMs() / 1000));
    }

    void replayGuardRejectsRepeats()
    {
        ManualClock clock;
        const Tsig tsig(clock);
        ReplayGuard guard(clock);
        const GroupKey key = makeKey("lab", 'k');
        QByteArray message = query();
        tsig.sign(message, key);
        for (int round = 0; round < 2; ++round) {
            const auto v = tsig.verify(message, key);
            QCOMPARE(v.result, Result::Ok);
            QCOMPARE(guard.admit(v.record.keyName, v.record.timeSigned, v.record.mac), round == 0);
        }
        QByteArray next = query(0x1235); // the same message in the same second would be a replay
        tsig.sign(next, key);
        const auto v = tsig.verify(next, key);
        QVERIFY(guard.admit(v.record.keyName, v.record.timeSigned, v.record.mac));
        QCOMPARE(guard.size(), 2);
    }

    void replayGuardForgetsAfterTheWindow()
    {
        ManualClock clock(1'000'000'000);
        ReplayGuard guard(clock);
        const quint64 t = 1'000'000;
        QVERIFY(guard.admit("\3lab", t, "mac-1"));
        QVERIFY(guard.admit("\3lab", t, "mac-2"));
        QVERIFY(!guard.admit("\3lab", t, "mac-1"));
        QVERIFY(guard.admit("\5other", t, "mac-1"));
        QVERIFY(guard.admit("\3lab", t + 1, "mac-1"));
        clock.setMs(qint64(t + 300) * 1000);
        QVERIFY(!guard.admit("\3lab", t, "mac-1")); // TSIG would still accept it: remembered
        QCOMPARE(guard.size(), 4);
        clock.setMs(qint64(t + 302) * 1000);
        QVERIFY(guard.admit("\3lab", t + 290, "mac-3"));
        QCOMPARE(guard.size(), 1); // the older four are forgotten
    }

    void replayGuardIsBounded()
    {
        ManualClock clock(1'000'000'000);
        ReplayGuard guard(clock, 4);
        for (int i = 0; i < 10; ++i)
            QVERIFY(guard.admit("\3lab", 1'000'000, QByteArray::number(i)));
        QCOMPARE(guard.size(), 4);
        QCOMPARE(guard.evicted(), quint64(6));
        QVERIFY(!guard.admit("\3lab", 1'000'000, "9"));
        // The documented limit: an evicted entry is accepted again.
        QVERIFY(guard.admit("\3lab", 1'000'000, "0"));
    }
};

QTEST_GUILESS_MAIN(TestTsig)
#include "TestTsig.moc"
