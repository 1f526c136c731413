#include <QTest>

#include "service/dns/DnsName.h"
#include "service/dns/Message.h"
#include "service/dns/MessageBuilder.h"

using namespace Shoal::Dns;

namespace {

QByteArray hex(const char *text) { return QByteArray::fromHex(text); }

const std::uint8_t *bytesOf(const QByteArray &data)
{
    return reinterpret_cast<const std::uint8_t *>(data.constData());
}

ParseError parseQueryBytes(const QByteArray &wire, QueryView &view)
{
    return parseQuery(bytesOf(wire), std::size_t(wire.size()), view);
}

// A query for WWW.Example.test A IN with an OPT record: udp 4096, DO set.
const char *queryWithEdns = "abcd0100000100000000000103575757074578616d706c6504746573740000010001"
                            "0000291000000080000000";

} // namespace

class TestDnsCodec : public QObject
{
    Q_OBJECT

private slots:
    void textNamesRoundTrip()
    {
        const auto wire = nameFromText(u"www.Example.test.");
        QVERIFY(wire);
        QCOMPARE(*wire, hex("03777777074578616d706c65047465737400"));
        QCOMPARE(nameToText(*wire), QStringLiteral("www.Example.test."));
        QCOMPARE(*nameFromText(u"."), QByteArray(1, '\0'));
        // Label "a\\." then "b": both specials escaped; bytes after the root are not part of it.
        QCOMPARE(nameToText(hex("03615c2e0162003f00")), QStringLiteral("a\\\\\\..b."));
        QCOMPARE(nameToText(hex("02000100")), QStringLiteral("\\000\\001."));
    }

    void textNamesRejectBadLabels()
    {
        QVERIFY(!nameFromText(u"a..b"));
        QVERIFY(!nameFromText(u""));
        QVERIFY(!nameFromText(QString(64, u'a')));
        QString tooLong;
        for (int i = 0; i < 50; ++i)
            tooLong += QStringLiteral("abcde.");
        QVERIFY(!nameFromText(tooLong));
    }

    void nameComparisons()
    {
        const QByteArray name = *nameFromText(u"Host.LAB.test");
        QVERIFY(isNameAtOrBelow(name, *nameFromText(u"lab.TEST")));
        QVERIFY(isNameAtOrBelow(name, *nameFromText(u".")));
        QVERIFY(!isNameAtOrBelow(name, *nameFromText(u"ab.test")));
        QCOMPARE(labelCount(name), 3);
        QCOMPARE(lowercasedName(name), *nameFromText(u"host.lab.test"));
    }

    void queryFastPath()
    {
        const QByteArray wire = hex(queryWithEdns);
        QueryView view;
        QCOMPARE(parseQueryBytes(wire, view), ParseError::None);
        QCOMPARE(view.header.id, 0xabcd);
        QCOMPARE(view.type, 1);
        QCOMPARE(view.klass, 1);
        QVERIFY(view.hasEdns);
        QVERIFY(view.dnssecOk);
        QCOMPARE(view.udpPayloadSize, 4096);
        QCOMPARE(view.maxUdpAnswer(), std::size_t(4096));
        QCOMPARE(nameToText(view.name.view()), QStringLiteral("WWW.Example.test."));
        QCOMPARE(view.keyView().toByteArray(), cacheKey(*nameFromText(u"www.example.test"), 1, 1));
    }

    void malformedQueries_data()
    {
        QTest::addColumn<QByteArray>("wire");
        QTest::addColumn<int>("error");
        QTest::newRow("short header") << hex("abcd0100") << int(ParseError::Truncated);
        QTest::newRow("no question") << hex("abcd01000000000000000000") << int(ParseError::BadCounts);
        QTest::newRow("two questions")
            << hex("abcd010000020000000000000000010001000001000100") << int(ParseError::BadCounts);
        QTest::newRow("answer in query")
            << hex("abcd01000001000100000000000001000") << int(ParseError::BadCounts);
        QTest::newRow("name runs off the end")
            << hex("abcd0100000100000000000003777777") << int(ParseError::Truncated);
        QTest::newRow("pointer to itself")
            << hex("abcd01000001000000000000c00c00010001") << int(ParseError::BadPointer);
        QTest::newRow("forward pointer")
            << hex("abcd01000001000000000000c00e00010001000000") << int(ParseError::BadPointer);
        // Found by fuzz_query: the name resolved through the header's own bytes.
        QTest::newRow("pointer into the header")
            << hex("01f70c200001000000000000c000b2010000")
            << int(ParseError::BadPointer);
        QTest::newRow("label type 0x40")
            << hex("abcd01000001000000000000410000010001") << int(ParseError::BadLabel);
        QTest::newRow("missing type and class")
            << hex("abcd010000010000000000000000") << int(ParseError::Truncated);
        QTest::newRow("trailing bytes")
            << hex("abcd01000001000000000000000001000100ff") << int(ParseError::TrailingData);
        QTest::newRow("two OPT records")
            << hex("abcd010000010000000000020000010001"
                   "0000291000000000000000"
                   "0000291000000000000000")
            << int(ParseError::BadOpt);
        QTest::newRow("OPT with an owner name")
            << hex("abcd0100000100000000000100000100010161000029100000000000000000")
            << int(ParseError::BadOpt);
    }

    void malformedQueries()
    {
        QFETCH(QByteArray, wire);
        QFETCH(int, error);
        QueryView view;
        QCOMPARE(int(parseQueryBytes(wire, view)), error);
    }

    void nameTooLong()
    {
        // 128 labels of one byte: 257 bytes with the root, over the 255 limit.
        QByteArray wire = hex("abcd01000001000000000000");
        for (int i = 0; i < 128; ++i)
            wire += hex("0161");
        wire += hex("0000010001");
        QueryView view;
        QCOMPARE(parseQueryBytes(wire, view), ParseError::NameTooLong);
    }

    void compressionChainIsFollowed()
    {
        // Answer name is a pointer to the question name (offset 12).
        const Message message = Message::parse(hex("123481800001000100000000016104746573740000010001"
                                                   "c00c000100010000012c0004c0000201"));
        QVERIFY2(message.ok(), parseErrorName(message.error));
        QCOMPARE(message.answers.size(), std::size_t(1));
        const Record &answer = message.answers.front();
        QCOMPARE(answer.name, *nameFromText(u"a.test"));
        QCOMPARE(answer.ttl, 300u);
        QCOMPARE(answer.ttlOffset, 30u);
        QCOMPARE(answer.rdataLength, 4);
        QCOMPARE(answer.end(), 40u);
    }

    void fullMessageErrors_data()
    {
        QTest::addColumn<QByteArray>("wire");
        QTest::addColumn<int>("error");
        QTest::newRow("record runs off the end")
            << hex("123481800001000100000000016104746573740000010001c00c000100010000")
            << int(ParseError::Truncated);
        QTest::newRow("rdata longer than message")
            << hex("123481800001000100000000016104746573740000010001c00c000100010000012c0010c0")
            << int(ParseError::Truncated);
        QTest::newRow("OPT in answer section")
            << hex("123481800001000100000000016104746573740000010001000029100000000000000000")
            << int(ParseError::BadOpt);
        QTest::newRow("record after TSIG")
            << hex("123481800001000000000002016104746573740000010001"
                   "0000fa00ff00000000000000010001000000000000")
            << int(ParseError::BadTsig);
    }

    void fullMessageErrors()
    {
        QFETCH(QByteArray, wire);
        QFETCH(int, error);
        QCOMPARE(int(Message::parse(wire).error), error);
    }

    void ednsOptionsAreRead()
    {
        const Message message = Message::parse(
            hex("1234818000010000000000010161047465737400000100010000290200000080000006000f000200"
                "03"));
        QVERIFY2(message.ok(), parseErrorName(message.error));
        QVERIFY(message.edns);
        QCOMPARE(message.edns->udpPayloadSize, 512);
        QVERIFY(message.edns->dnssecOk);
        QCOMPARE(message.edns->options.size(), std::size_t(1));
        QCOMPARE(message.edns->options.front().code, ednsOptionExtendedError);
    }

    void errorReplyEchoesQuestionAndEde()
    {
        const QByteArray query = hex(queryWithEdns);
        const QByteArray reply =
            MessageBuilder::errorReply(query, Rcode::ServFail, EdeCode::NetworkError, u"down"_qs);
        const Message message = Message::parse(reply);
        QVERIFY2(message.ok(), parseErrorName(message.error));
        QCOMPARE(message.header.id, 0xabcd);
        QVERIFY(message.header.isResponse());
        QCOMPARE(message.header.rcode(), std::uint8_t(Rcode::ServFail));
        QCOMPARE(message.questions.front().name, *nameFromText(u"WWW.Example.test"));
        QVERIFY(message.edns);
        QVERIFY(message.edns->dnssecOk);
        QCOMPARE(message.edns->options.front().data, hex("0017") + QByteArray("down"));
    }

    void errorReplyWithoutEdnsHasNoOpt()
    {
        const QByteArray query = hex("abcd01000001000000000000016104746573740000010001");
        const Message message = Message::parse(MessageBuilder::errorReply(query, Rcode::Refused));
        QVERIFY(message.ok());
        QVERIFY(!message.edns);
        QCOMPARE(message.header.rcode(), std::uint8_t(Rcode::Refused));
    }

    void errorReplyToGarbageIsHeaderOnly()
    {
        const QByteArray reply =
            MessageBuilder::errorReply(hex("abcd0100000100000000000003"), Rcode::FormErr);
        QCOMPARE(reply.size(), 12);
        QCOMPARE(Header::read(reply)->questionCount, 0);
        QVERIFY(MessageBuilder::errorReply(hex("ab"), Rcode::FormErr).isEmpty());
    }

    void errorReplyToPointerIntoHeaderParses()
    {
        // Echoing such a question behind the reply's own header changed what the pointer meant,
        // and the reply no longer parsed (fuzz_query).
        const QByteArray query = hex("01f70c200001000000000000c000b2010000");
        const Message message = Message::parse(MessageBuilder::errorReply(query, Rcode::NotImp));
        QVERIFY2(message.ok(), parseErrorName(message.error));
        QCOMPARE(message.header.rcode(), std::uint8_t(Rcode::NotImp));
    }

    void errorReplyToNameReadingPastTheQuestionParses()
    {
        // The question's last label ends in a pointer back into that label, so the name goes on
        // over the bytes behind the question (here the query's OPT record). Copied into a reply
        // whose own OPT record differs there, it read other bytes and did not parse (fuzz_query).
        // The reply now carries the name as parsed.
        const QByteArray query = hex(
                                    "ae2a012000010000000000010300ff5703000100010f0f0f0f0f0f0f0f0f0f0f0ff1f0f0f70f0f0f"
                                    "0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f2e0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f"
                                    "0f0f0f0f0fd7c04e9000001c00010000dbdbdb000c000a00081b23eb15d7c04e90");
        QueryView parsed;
        QCOMPARE(parseQueryBytes(query, parsed), ParseError::None);
        const QByteArray reply = MessageBuilder::errorReply(query, Rcode::ServFail,
                                                            EdeCode::NetworkError, u"down"_qs);
        const Message message = Message::parse(reply);
        QVERIFY2(message.ok(), parseErrorName(message.error));
        QCOMPARE(message.questions.front().name, parsed.name.view().toByteArray());
        QCOMPARE(message.questions.front().type, parsed.type);
    }

    void builtQueryParses()
    {
        EdnsParameters edns;
        edns.dnssecOk = true;
        const QByteArray query = MessageBuilder::query(7, *nameFromText(u"a.test"), 28, 1, edns);
        QueryView view;
        QCOMPARE(parseQueryBytes(query, view), ParseError::None);
        QCOMPARE(view.header.id, 7);
        QCOMPARE(view.type, 28);
        QCOMPARE(view.udpPayloadSize, 1232);
        QVERIFY(view.dnssecOk);
    }
};

QTEST_APPLESS_MAIN(TestDnsCodec)
#include "TestDnsCodec.moc"
