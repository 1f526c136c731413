#include "service/common/Clock.h"
#include "service/dns/DnsName.h"
#include "service/peer/PeerMessage.h"
#include "service/peer/Tsig.h"

#include <QRandomGenerator>
#include <QTest>

using namespace Shoal;
using Kind = PeerMessageKind;
using Error = PeerMessage::DecodeError;

Q_DECLARE_METATYPE(Shoal::PeerMessage::DecodeError)

namespace {

// The Shoal option closes every unsigned message we encode: code, length, version, kind, id.
constexpr qsizetype versionFromEnd = 18;
constexpr qsizetype kindFromEnd = 17;
constexpr qsizetype nodeIdFromEnd = 16;

QByteArray name(const char *text)
{
    return *Dns::nameFromText(QString::fromLatin1(text));
}

NodeId node(char fill)
{
    return *NodeId::fromBytes(QByteArray(NodeId::size, fill));
}

Dns::Question question(const char *text = "www.lab.test", std::uint16_t type = 1)
{
    return {name(text), type, 1};
}

PeerRecord aRecord(const char *owner, const char *address, std::uint32_t ttl = 60)
{
    QByteArray rdata;
    for (const QByteArray &part : QByteArray(address).split('.'))
        rdata += char(part.toInt());
    return {name(owner), 1, 1, ttl, rdata};
}

PeerPresence presence()
{
    PeerPresence p;
    p.hostName = QStringLiteral("ws-17");
    p.version = QStringLiteral("0.1.0");
    p.upstream = PeerPresence::Upstream::Outage;
    p.cacheEntries = 4242;
    return p;
}

QByteArray encoded(const PeerMessage &message)
{
    const std::optional<QByteArray> wire = message.encode();
    return wire.value_or(QByteArray());
}

QByteArray askWire()
{
    return encoded(PeerMessage::ask(node('a'), 0x4321, question()));
}

QByteArray shareWire()
{
    return encoded(PeerMessage::share(node('s'), question(), Dns::Rcode::NoError,
                                      {aRecord("www.lab.test", "192.0.2.7")}));
}

QByteArray announceWire()
{
    return encoded(PeerMessage::announce(node('n'), presence(), 180));
}

void setU16(QByteArray &wire, qsizetype at, std::uint16_t value)
{
    Dns::writeU16(reinterpret_cast<std::uint8_t *>(wire.data()) + at, value);
}

Error decodeError(const QByteArray &wire)
{
    return PeerMessage::decode(wire).error;
}

// An Announce whose TXT RDATA is `rdata` (the record is the last thing before the OPT).
QByteArray announceWithTxt(const QByteArray &rdata, std::uint32_t ttl = 180)
{
    QByteArray wire(Dns::headerSize, '\0');
    setU16(wire, 2, Dns::Flag::QR | Dns::Flag::AA);
    setU16(wire, 6, 1);
    setU16(wire, 10, 1);
    PeerRecord{PeerMessage::presenceOwner(node('n')), 16, 1, ttl, rdata}.appendTo(wire);
    const QByteArray reference = announceWire();
    wire += reference.right(11 + PeerMessage::optionSize + 4); // the OPT record as encoded
    return wire;
}

QByteArray txt(std::initializer_list<const char *> strings)
{
    QByteArray rdata;
    for (const char *s : strings) {
        rdata += char(qstrlen(s));
        rdata += s;
    }
    return rdata;
}

} // namespace

class TestPeerMessage : public QObject
{
    Q_OBJECT

private slots:
    void askRoundTrip()
    {
        const QByteArray wire = askWire();
        QVERIFY(!wire.isEmpty());
        const auto header = Dns::Header::read(wire);
        QVERIFY(!header->isResponse());
        QCOMPARE(header->id, 0x4321);
        const auto decoded = PeerMessage::decode(wire);
        QCOMPARE(decoded.error, Error::None);
        const PeerMessage &m = *decoded.message;
        QCOMPARE(m.kind, Kind::Ask);
        QCOMPARE(m.sender, node('a'));
        QCOMPARE(m.id, 0x4321);
        QCOMPARE(m.question.name, name("www.lab.test"));
        QCOMPARE(m.question.type, 1);
        QCOMPARE(m.question.klass, 1);
        QVERIFY(m.answers.empty());
    }

    void answerRoundTrip()
    {
        const PeerMessage ask = PeerMessage::ask(node('a'), 0x4321, question("www.lab.test", 1));
        const PeerRecord cname{name("www.lab.test"), 5, 1, 300, name("web.lab.test")};
        const PeerRecord a = aRecord("web.lab.test", "192.0.2.80", 120);
        const PeerMessage answer =
            PeerMessage::answer(ask, node('b'), Dns::Rcode::NoError, {cname, a});
        const auto decoded = PeerMessage::decode(encoded(answer));
        QCOMPARE(decoded.error, Error::None);
        const PeerMessage &m = *decoded.message;
        QCOMPARE(m.kind, Kind::Answer);
        QCOMPARE(m.sender, node('b'));
        QCOMPARE(m.id, 0x4321);
        QCOMPARE(m.question.name, ask.question.name);
        QCOMPARE(m.rcode, Dns::Rcode::NoError);
        QCOMPARE(m.answers.size(), std::size_t(2));
        QVERIFY(m.answers[0] == cname);
        QVERIFY(m.answers[1] == a);
    }

    void negativeShareRoundTrip()
    {
        // NXDOMAIN with the zone's SOA in the authority section, as RFC 2308 caches it.
        QByteArray soa = name("ns.lab.test") + name("admin.lab.test");
        soa += QByteArray::fromHex("0000000100000e1000000384000927c000000258");
        const PeerRecord soaRecord{name("lab.test"), 6, 1, 600, soa};
        const PeerMessage share = PeerMessage::share(node('s'), question("gone.lab.test"),
                                                     Dns::Rcode::NxDomain, {}, {soaRecord});
        const QByteArray wire = encoded(share);
        QCOMPARE(Dns::Header::read(wire)->id, 0);
        const auto decoded = PeerMessage::decode(wire);
        QCOMPARE(decoded.error, Error::None);
        QCOMPARE(decoded.message->kind, Kind::Share);
        QCOMPARE(decoded.message->rcode, Dns::Rcode::NxDomain);
        QVERIFY(decoded.message->answers.empty());
        QCOMPARE(decoded.message->authorities.size(), std::size_t(1));
        QVERIFY(decoded.message->authorities[0] == soaRecord);
    }

    void presenceRoundTrips()
    {
        const QByteArray wire = announceWire();
        const auto decoded = PeerMessage::decode(wire);
        QCOMPARE(decoded.error, Error::None);
        QCOMPARE(decoded.message->kind, Kind::Announce);
        QCOMPARE(decoded.message->sender, node('n'));
        QVERIFY(decoded.message->presence == presence());
        QCOMPARE(decoded.message->presenceTtl, 180u);
        QVERIFY(wire.contains("host=ws-17"));
        QVERIFY(wire.contains(QByteArray(node('n').toHex() + "\x06_shoal")));

        const auto goodbye =
            PeerMessage::decode(encoded(PeerMessage::goodbye(node('n'), presence())));
        QCOMPARE(goodbye.error, Error::None);
        QCOMPARE(goodbye.message->kind, Kind::Goodbye);
        QCOMPARE(goodbye.message->presenceTtl, 0u);
        QVERIFY(goodbye.message->presence == presence());
    }

    void signedMessagesDecodeAndFit()
    {
        ManualClock clock;
        const Tsig tsig(clock);
        const GroupKey key = *GroupKey::fromSecret(QString(63, u'g'), QByteArray(32, 'k'));
        for (QByteArray wire : {askWire(), shareWire(), announceWire()}) {
            tsig.sign(wire, key);
            QCOMPARE(tsig.verify(wire, key).result, Tsig::Result::Ok);
            QCOMPARE(PeerMessage::decode(wire).error, Error::None);
        }
        // The largest Share the encoder accepts still fits once signed with a 63-letter key.
        std::vector<PeerRecord> records;
        std::optional<QByteArray> largest;
        for (;;) {
            records.push_back(aRecord("www.lab.test", "192.0.2.1"));
            const auto wire =
                PeerMessage::share(node('s'), question(), Dns::Rcode::NoError, records).encode();
            if (!wire)
                break;
            largest = wire;
        }
        QVERIFY(largest);
        QByteArray signedLargest = *largest;
        tsig.sign(signedLargest, key);
        QVERIFY(signedLargest.size() <= PeerMessage::maxWireSize);
        QVERIFY(signedLargest.size() > PeerMessage::maxWireSize - 40);
        QCOMPARE(PeerMessage::decode(signedLargest).error, Error::None);
    }

    void compressedRdataIsExpanded()
    {
        // A Share whose answer owner and CNAME target point into the question, as a server
        // compressing its answer would write it.
        QByteArray wire(Dns::headerSize, '\0');
        setU16(wire, 2, Dns::Flag::QR);
        setU16(wire, 4, 1);
        setU16(wire, 6, 1);
        setU16(wire, 10, 1);
        wire += name("www.lab.test") + QByteArray::fromHex("00010001");
        wire += QByteArray::fromHex("c00c00050001000000780006") + "\x03web" + "\xc0\x10";
        const QByteArray reference = shareWire();
        wire += reference.right(11 + PeerMessage::optionSize + 4);
        const auto decoded = PeerMessage::decode(wire);
        QCOMPARE(decoded.error, Error::None);
        QCOMPARE(decoded.message->answers.size(), std::size_t(1));
        QCOMPARE(decoded.message->answers[0].name, name("www.lab.test"));
        QCOMPARE(decoded.message->answers[0].rdata, name("web.lab.test"));

        QByteArray trailing = wire; // CNAME RDATA with a byte after the name
        trailing.insert(wire.indexOf("\xc0\x10") + 2, 'x');
        const qsizetype rdlength = wire.indexOf("\x03web") - 2;
        setU16(trailing, rdlength, 7);
        QCOMPARE(decodeError(trailing), Error::BadRecord);
    }

    void encoderRefusesWhatDecoderWould()
    {
        QVERIFY(!PeerMessage::ask(NodeId(), 1, question()).encode());
        QVERIFY(!PeerMessage::ask(node('a'), 0, question()).encode());
        QVERIFY(!PeerMessage::ask(node('a'), 1, {QByteArray("\x03www"), 1, 1}).encode());
        const PeerMessage ask = PeerMessage::ask(node('a'), 1, question());
        QVERIFY(!PeerMessage::answer(ask, node('b'), Dns::Rcode::ServFail, {}).encode());
        PeerMessage share = PeerMessage::share(node('s'), question(), Dns::Rcode::NoError, {});
        share.id = 7;
        QVERIFY(!share.encode());
        PeerPresence badHost = presence();
        badHost.hostName = QString(64, u'h');
        QVERIFY(!PeerMessage::announce(node('n'), badHost, 180).encode());
        badHost.hostName = QStringLiteral("ws 17");
        QVERIFY(!PeerMessage::announce(node('n'), badHost, 180).encode());
        QVERIFY(!PeerMessage::announce(node('n'), presence(), 0).encode());
        QVERIFY(!PeerMessage::announce(node('n'), presence(), PeerMessage::maxPresenceTtl + 1)
                     .encode());
    }

    void malformedMessages_data()
    {
        QTest::addColumn<QByteArray>("wire");
        QTest::addColumn<Error>("expected");

        QTest::newRow("too large") << askWire() + QByteArray(1400, '\0') << Error::TooLarge;
        QTest::newRow("empty") << QByteArray() << Error::Parse;
        QTest::newRow("truncated") << askWire().left(20) << Error::Parse;
        QTest::newRow("trailing byte") << askWire() + 'x' << Error::Parse;

        QByteArray update = askWire();
        setU16(update, 2, std::uint16_t(5 << 11));
        QTest::newRow("opcode UPDATE") << update << Error::BadOpcode;

        QByteArray noOpt = askWire().left(askWire().size() - (11 + 4 + PeerMessage::optionSize));
        setU16(noOpt, 10, 0);
        QTest::newRow("no OPT") << noOpt << Error::NoShoalOption;
        QByteArray otherOption = askWire();
        setU16(otherOption, otherOption.size() - 22, 65001);
        QTest::newRow("other option only") << otherOption << Error::NoShoalOption;

        QByteArray twice = askWire(); // the option repeated, OPT RDLENGTH doubled
        twice += twice.right(22);
        setU16(twice, twice.size() - 46, 44);
        QTest::newRow("option twice") << twice << Error::BadShoalOption;
        QByteArray shortOption = askWire();
        shortOption.chop(1);
        setU16(shortOption, shortOption.size() - 19, 17);
        setU16(shortOption, shortOption.size() - 23, 21);
        QTest::newRow("option too short") << shortOption << Error::BadShoalOption;
        QByteArray zeroNode = askWire();
        zeroNode.replace(zeroNode.size() - nodeIdFromEnd, 16, QByteArray(16, '\0'));
        QTest::newRow("zero node id") << zeroNode << Error::BadShoalOption;

        QByteArray version2 = askWire();
        version2[version2.size() - versionFromEnd] = 2;
        QTest::newRow("version 2") << version2 << Error::UnknownVersion;
        QByteArray kind0 = askWire();
        kind0[kind0.size() - kindFromEnd] = 0;
        QTest::newRow("kind 0") << kind0 << Error::UnknownKind;
        QByteArray kind6 = askWire();
        kind6[kind6.size() - kindFromEnd] = 6;
        QTest::newRow("kind 6") << kind6 << Error::UnknownKind;

        QByteArray askAsResponse = askWire();
        setU16(askAsResponse, 2, Dns::Flag::QR);
        QTest::newRow("ask with QR") << askAsResponse << Error::BadLayout;
        QByteArray askZeroId = askWire();
        setU16(askZeroId, 0, 0);
        QTest::newRow("ask with ID 0") << askZeroId << Error::BadLayout;
        QByteArray truncatedFlag = askWire();
        setU16(truncatedFlag, 2, Dns::Flag::TC);
        QTest::newRow("TC set") << truncatedFlag << Error::BadLayout;
        QByteArray shareWithId = shareWire();
        setU16(shareWithId, 0, 99);
        QTest::newRow("share with ID") << shareWithId << Error::BadLayout;
        QByteArray answerZeroId = shareWire();
        answerZeroId[answerZeroId.size() - kindFromEnd] = char(Kind::Answer);
        QTest::newRow("answer with ID 0") << answerZeroId << Error::BadLayout;
        QByteArray servfail = shareWire();
        setU16(servfail, 2, Dns::Flag::QR | 2);
        QTest::newRow("share SERVFAIL") << servfail << Error::BadLayout;
        QByteArray shareAsAnnounce = shareWire();
        shareAsAnnounce[shareAsAnnounce.size() - kindFromEnd] = char(Kind::Announce);
        QTest::newRow("announce with a question") << shareAsAnnounce << Error::BadLayout;
        QByteArray extendedRcode = shareWire();
        extendedRcode[extendedRcode.size() - 22 - 6] = 1;
        QTest::newRow("extended RCODE") << extendedRcode << Error::BadLayout;
        QByteArray extraAdditional = askWire(); // an A record before the OPT
        extraAdditional.insert(askWire().size() - (11 + 4 + PeerMessage::optionSize),
                               QByteArray::fromHex("00000100010000003c0004c0000201"));
        setU16(extraAdditional, 10, 2);
        QTest::newRow("extra additional") << extraAdditional << Error::BadLayout;

        QByteArray goodbyeTtl = announceWire();
        goodbyeTtl[goodbyeTtl.size() - kindFromEnd] = char(Kind::Goodbye);
        QTest::newRow("goodbye with TTL") << goodbyeTtl << Error::BadPresence;
        const QByteArray fields = presence().toTxtRdata();
        QTest::newRow("announce TTL 0") << announceWithTxt(fields, 0) << Error::BadPresence;
        QTest::newRow("announce TTL too long")
            << announceWithTxt(fields, PeerMessage::maxPresenceTtl + 1) << Error::BadPresence;
        QByteArray otherOwner = announceWire();
        otherOwner[Dns::headerSize + 1] = char(otherOwner[Dns::headerSize + 1] ^ 1);
        QTest::newRow("owner is not the sender") << otherOwner << Error::BadPresence;
        QByteArray notTxt = announceWire();
        setU16(notTxt, Dns::headerSize + 41, 1);
        QTest::newRow("not TXT") << notTxt << Error::BadPresence;
        QTest::newRow("missing cache")
            << announceWithTxt(txt({"host=a", "version=1", "upstream=up"})) << Error::BadPresence;
        QTest::newRow("repeated host")
            << announceWithTxt(txt({"host=a", "host=b", "version=1", "upstream=up", "cache=1"}))
            << Error::BadPresence;
        QTest::newRow("host too long")
            << announceWithTxt(txt({qPrintable(QStringLiteral("host=") + QString(64, u'h')),
                                    "version=1", "upstream=up", "cache=1"}))
            << Error::BadPresence;
        QTest::newRow("host empty")
            << announceWithTxt(txt({"host=", "version=1", "upstream=up", "cache=1"}))
            << Error::BadPresence;
        QTest::newRow("host with space")
            << announceWithTxt(txt({"host=a b", "version=1", "upstream=up", "cache=1"}))
            << Error::BadPresence;
        QTest::newRow("version too long")
            << announceWithTxt(
                   txt({"host=a", qPrintable(QStringLiteral("version=") + QString(33, u'1')),
                        "upstream=up", "cache=1"}))
            << Error::BadPresence;
        QTest::newRow("upstream unknown")
            << announceWithTxt(txt({"host=a", "version=1", "upstream=maybe", "cache=1"}))
            << Error::BadPresence;
        QTest::newRow("cache not a number")
            << announceWithTxt(txt({"host=a", "version=1", "upstream=up", "cache=-1"}))
            << Error::BadPresence;
        QTest::newRow("cache over 32 bits")
            << announceWithTxt(txt({"host=a", "version=1", "upstream=up", "cache=4294967296"}))
            << Error::BadPresence;
        QTest::newRow("TXT string past the end")
            << announceWithTxt(QByteArray("\x09host=a")) << Error::BadPresence;
        QByteArray manyStrings;
        for (int i = 0; i < 17; ++i)
            manyStrings += txt({"x=1"});
        QTest::newRow("too many strings")
            << announceWithTxt(manyStrings + fields) << Error::BadPresence;
    }

    void malformedMessages()
    {
        QFETCH(QByteArray, wire);
        QFETCH(Error, expected);
        const auto decoded = PeerMessage::decode(wire);
        QCOMPARE(PeerMessage::decodeErrorName(decoded.error),
                 PeerMessage::decodeErrorName(expected));
        QVERIFY(!decoded.message);
    }

    void presenceSkipsUnknownKeys()
    {
        const QByteArray rdata = txt({"future=yes", "noequals", "host=a", "version=2.0+dev",
                                      "upstream=up", "cache=4294967295"});
        const auto decoded = PeerMessage::decode(announceWithTxt(rdata));
        QCOMPARE(decoded.error, Error::None);
        QCOMPARE(decoded.message->presence.hostName, QStringLiteral("a"));
        QCOMPARE(decoded.message->presence.cacheEntries, 4294967295u);
        QCOMPARE(decoded.message->presence.upstream, PeerPresence::Upstream::Up);
    }

    void announceableHostNames()
    {
        QCOMPARE(PeerPresence::announceableHostName(QStringLiteral("ws-17.corp.example")),
                 QStringLiteral("ws-17"));
        QCOMPARE(PeerPresence::announceableHostName(QStringLiteral("b\u00fcro pc")),
                 QStringLiteral("bropc"));
        QCOMPARE(PeerPresence::announceableHostName(QString(100, u'x')).size(), 63);
    }

    void everyTruncationAndFlipIsSafe()
    {
        // Whatever happens to a valid message, decode() returns a message or a reason.
        const PeerRecord soa{name("lab.test"), 6, 1, 600,
                             name("ns.lab.test") + name("a.lab.test") + QByteArray(20, '\1')};
        const QList<QByteArray> valid{
            askWire(), shareWire(), announceWire(),
            encoded(PeerMessage::share(node('s'), question(), Dns::Rcode::NxDomain, {}, {soa}))};
        int decodedCount = 0;
        for (const QByteArray &wire : valid) {
            for (qsizetype cut = 0; cut < wire.size(); ++cut)
                QVERIFY(PeerMessage::decode(wire.left(cut)).error != Error::None);
            for (qsizetype i = 0; i < wire.size(); ++i) {
                for (const int bit : {0x01, 0x80, 0xff}) {
                    QByteArray flipped = wire;
                    flipped[i] = char(flipped[i] ^ bit);
                    const auto decoded = PeerMessage::decode(flipped);
                    QCOMPARE(decoded.message.has_value(), decoded.error == Error::None);
                    decodedCount += decoded.message ? 1 : 0;
                }
            }
        }
        QVERIFY(decodedCount > 0); // some flips (a TTL, an address byte) keep a valid message
    }

    void randomBytesAreSafe()
    {
        QRandomGenerator random(20240601);
        const QByteArray header = askWire().left(Dns::headerSize);
        for (int i = 0; i < 20000; ++i) {
            QByteArray wire = header;
            wire.resize(Dns::headerSize + random.bounded(200));
            for (qsizetype j = Dns::headerSize; j < wire.size(); ++j)
                wire[j] = char(random.bounded(256));
            setU16(wire, 4, std::uint16_t(random.bounded(3)));
            const auto decoded = PeerMessage::decode(wire);
            QCOMPARE(decoded.message.has_value(), decoded.error == Error::None);
        }
    }
};

QTEST_GUILESS_MAIN(TestPeerMessage)
#include "TestPeerMessage.moc"
