#include "service/control/DnsTypeNames.h"
#include "service/control/RdataText.h"
#include "shared/control/ControlJson.h"
#include "shared/control/ControlProtocol.h"
#include "shared/control/LineFramer.h"

#include <QJsonDocument>
#include <QTest>

using namespace Shoal;
using namespace Shoal::Control;
using namespace Qt::StringLiterals;

namespace {

QByteArray hex(const char *text)
{
    return QByteArray::fromHex(text);
}

// A response to "example.test. A IN" whose answers are the given (type, rdata) records, each
// owned by the question name through a compression pointer (c00c), TTL 300.
QByteArray answerMessage(const QList<QPair<quint16, QByteArray>> &records)
{
    QByteArray wire = hex("00018180000100") + char(records.size()) + hex("00000000");
    wire += hex("076578616d706c65047465737400") + hex("00010001");
    const auto appendU16 = [&wire](int value) {
        wire.append(char(value >> 8));
        wire.append(char(value & 0xff));
    };
    for (const auto &[type, rdata] : records) {
        wire += hex("c00c");
        appendU16(type);
        wire += hex("00010000012c");
        appendU16(int(rdata.size()));
        wire += rdata;
    }
    return wire;
}

QStringList renderedData(const QByteArray &message)
{
    QStringList data;
    for (const CacheRecord &record : answerRecordsFromWire(message))
        data.append(record.data);
    return data;
}

} // namespace

class TestControlCodec : public QObject
{
    Q_OBJECT

private slots:
    void framerSplitsLinesAcrossReads()
    {
        LineFramer framer(16);
        QByteArray line;
        framer.append("{\"a\"");
        QCOMPARE(framer.next(line), LineFramer::Result::NeedMore);
        framer.append(":1}\n{}\r\nrest");
        QCOMPARE(framer.next(line), LineFramer::Result::Line);
        QCOMPARE(line, QByteArray("{\"a\":1}"));
        QCOMPARE(framer.next(line), LineFramer::Result::Line);
        QCOMPARE(line, QByteArray("{}"));
        QCOMPARE(framer.next(line), LineFramer::Result::NeedMore);
        QCOMPARE(framer.bufferedBytes(), 4);
        framer.append("\n\n");
        QCOMPARE(framer.next(line), LineFramer::Result::Line);
        QCOMPARE(line, QByteArray("rest"));
        QCOMPARE(framer.next(line), LineFramer::Result::Line);
        QCOMPARE(line, QByteArray());
    }

    void framerRefusesLongLines()
    {
        QByteArray line;
        LineFramer exact(4);
        exact.append("abcd\n");
        QCOMPARE(exact.next(line), LineFramer::Result::Line);

        LineFramer complete(4);
        complete.append("abcde\nok\n");
        QCOMPARE(complete.next(line), LineFramer::Result::TooLong);

        // No newline yet, but already past the limit: refused before the line ends.
        LineFramer open(4);
        open.append("abc");
        QCOMPARE(open.next(line), LineFramer::Result::NeedMore);
        open.append("de");
        QCOMPARE(open.next(line), LineFramer::Result::TooLong);
        QVERIFY(open.failed());
        open.append(QByteArray(1000, 'x'));
        QCOMPARE(open.bufferedBytes(), 0);
        QCOMPARE(open.next(line), LineFramer::Result::TooLong);
    }

    void statusRoundTrips()
    {
        Status status;
        status.version = u"0.1.0"_s;
        status.startedMs = 1'700'000'000'000;
        status.nowMs = 1'700'000'360'000;
        status.listen = {u"127.0.0.1:53"_s};
        status.upstreams = {{u"192.0.2.53"_s, 53, false, 40, 3}};
        status.outage = true;
        status.outageSinceMs = 1'700'000'300'000;
        status.cacheEntries = 7;
        status.totals.queries = 10'000'000'000ULL; // beyond 32 bits
        status.counters = {{u"dns.dropped.bad-pointer"_s, 4, u"why"_s}};
        const Status back = statusFromJson(toJson(status));
        QCOMPARE(back.version, status.version);
        QCOMPARE(back.startedMs, status.startedMs);
        QCOMPARE(back.listen, status.listen);
        QCOMPARE(back.upstreams.size(), 1);
        QCOMPARE(back.upstreams[0].failures, 3);
        QVERIFY(!back.upstreams[0].up);
        QVERIFY(back.outage);
        QCOMPARE(back.outageSinceMs, status.outageSinceMs);
        QCOMPARE(back.totals.queries, status.totals.queries);
        QCOMPARE(back.counters[0].name, u"dns.dropped.bad-pointer"_s);
        QCOMPARE(back.counters[0].value, 4u);
    }

    void decodingToleratesMissingAndMistypedFields()
    {
        const auto object = QJsonDocument::fromJson(
                                R"({"version": 3, "upstreams": "no", "totals": {"queries": -5},
                                    "peerCount": 1e30, "future": {"x": 1}})")
                                .object();
        const Status status = statusFromJson(object);
        QCOMPARE(status.version, QString());
        QVERIFY(status.upstreams.isEmpty());
        QCOMPARE(status.totals.queries, 0u);
        QVERIFY(!status.outage);
    }

    void cachePageAndEventsRoundTrip()
    {
        CachePage page;
        page.total = 9;
        page.offset = 2;
        CacheEntry entry;
        entry.name = u"www.example.test."_s;
        entry.type = u"A"_s;
        entry.records = {{entry.name, u"A"_s, 30, u"192.0.2.1"_s}};
        entry.stale = true;
        entry.source = u"peer"_s;
        entry.peer = u"n1"_s;
        page.entries = {entry};
        const CachePage back = cachePageFromJson(toJson(page));
        QCOMPARE(back.total, 9);
        QCOMPARE(back.entries[0].records[0].data, u"192.0.2.1"_s);
        QCOMPARE(back.entries[0].peer, u"n1"_s);
        QVERIFY(back.entries[0].stale);

        Event event{5, 1'700'000'000'000, EventKind::PeerWent, u"n2"_s, u"Peer n2 left."_s, {}};
        const auto decoded = eventFromJson(toJson(event));
        QVERIFY(decoded);
        QCOMPARE(decoded->kind, EventKind::PeerWent);
        QCOMPARE(decoded->id, 5u);
        QCOMPARE(decoded->text, event.text);
        QJsonObject unknown = toJson(event);
        unknown["kind"_L1] = u"peer.teleported"_s;
        QVERIFY(!eventFromJson(unknown));
        QCOMPARE(eventsFromJson(QJsonArray{toJson(event), unknown}).size(), 1);
    }

    void protocolNames()
    {
        QCOMPARE(eventKindName(EventKind::OutageBegan), u"outage.began"_s);
        QCOMPARE(eventTopic(EventKind::CacheFlushed), u"cache"_s);
        QCOMPARE(eventTopic(EventKind::Counters), u"counters"_s);
        QCOMPARE(eventTopics(), QStringList({u"outage"_s, u"upstream"_s, u"peer"_s, u"group"_s,
                                             u"cache"_s, u"counters"_s}));
        QCOMPARE(eventKindFromName(u"group.left"), EventKind::GroupLeft);
        QVERIFY(!eventKindFromName(u"group"));
        QCOMPARE(cacheSortFromName(u"ttl"), CacheSort::Ttl);
        QVERIFY(!cacheSortFromName(u"TTL"));
    }

    void typeNames()
    {
        QCOMPARE(typeToText(28), u"AAAA"_s);
        QCOMPARE(typeToText(65534), u"TYPE65534"_s);
        QCOMPARE(typeFromText(u"aaaa"), quint16(28));
        QCOMPARE(typeFromText(u"type65"), quint16(65));
        QVERIFY(!typeFromText(u"TYPE65536"));
        QVERIFY(!typeFromText(u"TYPE"));
        QVERIFY(!typeFromText(u"TYPE+1"));
        QVERIFY(!typeFromText(u"NOPE"));
    }

    void rdataOfKnownTypes()
    {
        const QByteArray message = answerMessage({
            {1, hex("c0000201")},
            {28, hex("20010db8000000000000000000000001")},
            {5, hex("03777777c00c")},
            {2, hex("036e7331c00c")},
            {12, hex("03707472c00c")},
            {15, hex("000a026d78c00c")},
            {16, hex("0568656c6c6f03") + QByteArray("a\"\\") + hex("0101")},
            {6, hex("036e7331c00c0a686f73746d6173746572c00c") +
                    hex("00000001 00001c20 00000e10 00127500 0000012c")},
            {33, hex("000100021f9003737276c00c")},
        });
        QCOMPARE(
            renderedData(message),
            QStringList({u"192.0.2.1"_s, u"2001:db8::1"_s, u"www.example.test."_s,
                         u"ns1.example.test."_s, u"ptr.example.test."_s, u"10 mx.example.test."_s,
                         u"\"hello\" \"a\\\"\\\\\" \"\\001\""_s,
                         u"ns1.example.test. hostmaster.example.test. 1 7200 3600 1209600 300"_s,
                         u"1 2 8080 srv.example.test."_s}));
        const QList<CacheRecord> records = answerRecordsFromWire(message);
        QCOMPARE(records[0].name, u"example.test."_s);
        QCOMPARE(records[1].type, u"AAAA"_s);
        QCOMPARE(records[2].ttl, 300u);
    }

    void rdataOfOtherTypesAndMalformedData()
    {
        const QByteArray message = answerMessage({
            {65534, hex("abcdef")},     // unknown type
            {1, hex("c00002")},         // A of three bytes
            {5, hex("03777777c00c00")}, // CNAME with a byte after the name
            {15, hex("000a")},          // MX without an exchange
            {16, QByteArray()},         // TXT without strings
            {16, hex("05616263")},      // TXT string longer than the data
            {5, hex("03777777c0ff")},   // CNAME pointing forward
            {99, QByteArray()},         // empty data of an unknown type
        });
        QCOMPARE(renderedData(message),
                 QStringList({u"\\# 3 abcdef"_s, u"\\# 3 c00002"_s, u"\\# 7 03777777c00c00"_s,
                              u"\\# 2 000a"_s, u"\\# 0"_s, u"\\# 4 05616263"_s,
                              u"\\# 6 03777777c0ff"_s, u"\\# 0"_s}));
    }

    void rdataOfBrokenMessage()
    {
        QByteArray message = answerMessage({{1, hex("c0000201")}});
        message.chop(1);
        QVERIFY(answerRecordsFromWire(message).isEmpty());
        QVERIFY(answerRecordsFromWire(QByteArray()).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestControlCodec)
#include "TestControlCodec.moc"
