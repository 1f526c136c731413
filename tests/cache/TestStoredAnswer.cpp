#include "ReplyWriter.h"
#include "service/cache/StoredAnswer.h"
#include "service/dns/DnsName.h"
#include "service/dns/Message.h"

#include <QTest>

using namespace Shoal;

namespace {

constexpr qint64 now = 1'700'000'000'000;
constexpr std::uint16_t typeA = 1, typeNs = 2, typeCname = 5, typeSoa = 6, typeMx = 15,
                        typeTxt = 16, typeSrv = 33, typeAny = 255;

struct Stored
{
    std::optional<StoredAnswer> answer;
    CacheRefusal why = CacheRefusal::None;
};

Stored store(const QByteArray &wire, const CacheLimits &limits = {},
             const AnswerSource &source = AnswerSource::upstream())
{
    const Dns::Message parsed = Dns::Message::parse(wire);
    Stored result;
    result.answer = StoredAnswer::fromReply(parsed, wire, now, limits, source, &result.why);
    return result;
}

Dns::Message reparse(const StoredAnswer &answer)
{
    return Dns::Message::parse(answer.wire());
}

// The name at `pos` in `wire`, expanded.
QString nameAt(QByteArrayView wire, std::size_t pos)
{
    Dns::NameBuffer name;
    if (Dns::readName(reinterpret_cast<const std::uint8_t *>(wire.data()), std::size_t(wire.size()),
                      pos, name) != Dns::ParseError::None)
        return u"<bad>"_qs;
    return Dns::nameToText(name.view());
}

QList<std::uint32_t> storedTtls(const StoredAnswer &answer)
{
    QList<std::uint32_t> ttls;
    for (std::size_t i = 0; i < answer.ttlCount(); ++i)
        ttls.append(answer.storedTtl(i));
    return ttls;
}

} // namespace

class TestStoredAnswer : public QObject
{
    Q_OBJECT

private slots:
    void positiveLifetimeIsSmallestTtl()
    {
        const QByteArray wire =
            ReplyWriter(u"www.example.test"_qs, typeA)
                .answer(u"www.example.test"_qs, typeA, 300, ReplyWriter::a("192.0.2.1"))
                .answer(u"www.example.test"_qs, typeA, 200, ReplyWriter::a("192.0.2.2"))
                .wire();
        const Stored stored = store(wire);
        QVERIFY(stored.answer);
        const StoredAnswer &answer = *stored.answer;
        QCOMPARE(answer.storedAtMs, now);
        QCOMPARE(answer.expiresAtMs, now + 200'000);
        QCOMPARE(answer.staleUntilMs, answer.expiresAtMs + CacheLimits().staleLimitMs);
        QVERIFY(!answer.negative);
        QCOMPARE(answer.rcode, 0);
        QCOMPARE(storedTtls(answer), (QList<std::uint32_t>{300, 200}));
        QCOMPARE(answer.key().toByteArray(),
                 Dns::cacheKey(TestDns::wireName(u"www.example.test"_qs), typeA, 1));

        const Dns::Message message = reparse(answer);
        QVERIFY2(message.ok(), Dns::parseErrorName(message.error));
        QCOMPARE(message.answers.size(), std::size_t(2));
        QCOMPARE(message.answers[0].ttlOffset, answer.ttlOffset(0));
        QVERIFY(!message.edns);
    }

    void ttlsAreCappedAndFloored()
    {
        const QByteArray wire =
            ReplyWriter(u"a.test"_qs, typeA)
                .answer(u"a.test"_qs, typeA, 1'000'000, ReplyWriter::a("192.0.2.1"))
                .answer(u"a.test"_qs, typeA, 5, ReplyWriter::a("192.0.2.2"))
                .wire();
        CacheLimits limits;
        limits.minTtl = 60;
        limits.maxTtl = 3600;
        const Stored stored = store(wire, limits);
        QVERIFY(stored.answer);
        QCOMPARE(storedTtls(*stored.answer), (QList<std::uint32_t>{3600, 60}));
        QCOMPARE(stored.answer->expiresAtMs, now + 60'000);

        const Stored defaults = store(wire);
        QCOMPARE(storedTtls(*defaults.answer), (QList<std::uint32_t>{86400, 5}));
    }

    void ttlWithTopBitCountsAsZero()
    {
        const QByteArray wire =
            ReplyWriter(u"a.test"_qs, typeA)
                .answer(u"a.test"_qs, typeA, 0x80000100u, ReplyWriter::a("192.0.2.1"))
                .wire();
        const Stored stored = store(wire);
        QVERIFY(!stored.answer);
        QCOMPARE(stored.why, CacheRefusal::ZeroTtl);

        CacheLimits limits;
        limits.minTtl = 10;
        const Stored floored = store(wire, limits);
        QVERIFY(floored.answer);
        QCOMPARE(storedTtls(*floored.answer), (QList<std::uint32_t>{10}));
    }

    void nxdomainLivesMinOfSoaTtlAndMinimum()
    {
        const QByteArray wire = ReplyWriter(u"nope.example.test"_qs, typeA, 3)
                                    .authority(u"example.test"_qs, typeSoa, 3600,
                                               ReplyWriter::soa(u"ns.example.test"_qs, 300))
                                    .wire();
        const Stored stored = store(wire);
        QVERIFY(stored.answer);
        QVERIFY(stored.answer->negative);
        QCOMPARE(stored.answer->rcode, 3);
        QCOMPARE(stored.answer->expiresAtMs, now + 300'000);
        QCOMPARE(storedTtls(*stored.answer), (QList<std::uint32_t>{300}));
        const Dns::Message message = reparse(*stored.answer);
        QVERIFY(message.ok());
        QCOMPARE(message.authorities.size(), std::size_t(1));
        QCOMPARE(nameAt(stored.answer->wire(), message.authorities[0].rdataOffset),
                 u"ns.example.test."_qs);
    }

    void negativeLifetimeIsCapped()
    {
        const QByteArray wire = ReplyWriter(u"nope.example.test"_qs, typeA, 3)
                                    .authority(u"example.test"_qs, typeSoa, 86400,
                                               ReplyWriter::soa(u"ns.example.test"_qs, 86400))
                                    .wire();
        QCOMPARE(store(wire).answer->expiresAtMs, now + 3600'000);
        CacheLimits limits;
        limits.maxNegativeTtl = 60;
        QCOMPARE(store(wire, limits).answer->expiresAtMs, now + 60'000);
    }

    void nodataIsNegativeNoerror()
    {
        const QByteArray wire = ReplyWriter(u"www.example.test"_qs, 28)
                                    .authority(u"example.test"_qs, typeSoa, 120,
                                               ReplyWriter::soa(u"ns.example.test"_qs, 600))
                                    .wire();
        const Stored stored = store(wire);
        QVERIFY(stored.answer);
        QVERIFY(stored.answer->negative);
        QCOMPARE(stored.answer->rcode, 0);
        QCOMPARE(stored.answer->expiresAtMs, now + 120'000);
    }

    void negativeWithoutSoaIsNotCached()
    {
        const Stored nxdomain = store(ReplyWriter(u"x.test"_qs, typeA, 3).wire());
        QVERIFY(!nxdomain.answer);
        QCOMPARE(nxdomain.why, CacheRefusal::NoSoa);
        // An SOA for a zone the name is not in does not count.
        const Stored outside = store(ReplyWriter(u"x.test"_qs, typeA, 0)
                                         .authority(u"other.example"_qs, typeSoa, 60,
                                                    ReplyWriter::soa(u"ns.other.example"_qs, 60))
                                         .wire());
        QVERIFY(!outside.answer);
        QCOMPARE(outside.why, CacheRefusal::NoSoa);
    }

    void outOfChainRecordsAreScrubbed()
    {
        const QByteArray wire =
            ReplyWriter(u"www.example.test"_qs, typeA)
                .answer(u"www.example.test"_qs, typeA, 300, ReplyWriter::a("192.0.2.1"))
                .answer(u"bank.test"_qs, typeA, 300, ReplyWriter::a("203.0.113.66"))
                .answer(u"www.example.test"_qs, typeA, 300, ReplyWriter::a("192.0.2.9"), 3)
                .answer(u"www.example.test"_qs, typeMx, 300, ReplyWriter::mx(10, u"mx.test"_qs))
                .authority(u"example.test"_qs, typeNs, 300,
                           ReplyWriter::name(u"ns1.example.test"_qs))
                .authority(u"bank.test"_qs, typeNs, 300, ReplyWriter::name(u"ns.evil.test"_qs))
                .additional(u"ns1.example.test"_qs, typeA, 300, ReplyWriter::a("192.0.2.53"))
                .wire();
        const Stored stored = store(wire);
        QVERIFY(stored.answer);
        QCOMPARE(stored.answer->scrubbedRecords, 4); // bank A, class CH A, MX, bank NS
        const Dns::Message message = reparse(*stored.answer);
        QVERIFY(message.ok());
        QCOMPARE(message.answers.size(), std::size_t(1));
        QCOMPARE(message.answers[0].name, TestDns::wireName(u"www.example.test"_qs));
        QCOMPARE(message.authorities.size(), std::size_t(1));
        QCOMPARE(nameAt(stored.answer->wire(), message.authorities[0].rdataOffset),
                 u"ns1.example.test."_qs);
        QVERIFY(message.additionals.empty());
    }

    void cnameChainIsKeptInAnyOrder()
    {
        const QByteArray wire =
            ReplyWriter(u"WWW.Example.test"_qs, typeA)
                .answer(u"edge.cdn.test"_qs, typeA, 60, ReplyWriter::a("192.0.2.7"))
                .answer(u"alias.example.test"_qs, typeCname, 600,
                        ReplyWriter::name(u"edge.cdn.test"_qs))
                .answer(u"www.example.test"_qs, typeCname, 900,
                        ReplyWriter::name(u"alias.example.test"_qs))
                .answer(u"other.cdn.test"_qs, typeA, 60, ReplyWriter::a("198.51.100.1"))
                .wire();
        const Stored stored = store(wire);
        QVERIFY(stored.answer);
        QCOMPARE(stored.answer->scrubbedRecords, 1);
        QCOMPARE(stored.answer->expiresAtMs, now + 60'000);
        QVERIFY(!stored.answer->negative);
        const Dns::Message message = reparse(*stored.answer);
        QVERIFY(message.ok());
        QCOMPARE(message.answers.size(), std::size_t(3));
        QCOMPARE(message.questions[0].name, TestDns::wireName(u"www.example.test"_qs));
        QCOMPARE(nameAt(stored.answer->wire(), message.answers[1].rdataOffset),
                 u"edge.cdn.test."_qs);
    }

    // The CNAME target is compressed into a record that scrubbing drops: the stored form must
    // not keep a pointer into bytes it no longer has.
    void pointersIntoScrubbedRecordsAreExpanded()
    {
        const QByteArray wire =
            ReplyWriter(u"www.example.test"_qs, typeA)
                .answer(u"junk.far.away.test"_qs, typeA, 60, ReplyWriter::a("198.51.100.1"))
                .answer(u"www.example.test"_qs, typeCname, 60,
                        ReplyWriter::name(u"x.far.away.test"_qs))
                .answer(u"x.far.away.test"_qs, typeA, 60, ReplyWriter::a("192.0.2.1"))
                .wire();
        const Stored stored = store(wire);
        QVERIFY(stored.answer);
        const Dns::Message message = reparse(*stored.answer);
        QVERIFY2(message.ok(), Dns::parseErrorName(message.error));
        QCOMPARE(message.answers.size(), std::size_t(2));
        QCOMPARE(nameAt(stored.answer->wire(), message.answers[0].rdataOffset),
                 u"x.far.away.test."_qs);
        QCOMPARE(message.answers[1].name, TestDns::wireName(u"x.far.away.test"_qs));
    }

    void rdataNamesAreExpandedForEveryNameType()
    {
        const QByteArray wire = ReplyWriter(u"example.test"_qs, typeMx)
                                    .answer(u"example.test"_qs, typeMx, 300,
                                            ReplyWriter::mx(10, u"mail.example.test"_qs))
                                    .wire();
        const Stored mx = store(wire);
        QVERIFY(mx.answer);
        Dns::Message message = reparse(*mx.answer);
        QVERIFY(message.ok());
        QCOMPARE(nameAt(mx.answer->wire(), message.answers[0].rdataOffset + 2),
                 u"mail.example.test."_qs);

        const QByteArray srvWire = ReplyWriter(u"_ldap._tcp.example.test"_qs, typeSrv)
                                       .answer(u"_ldap._tcp.example.test"_qs, typeSrv, 300,
                                               ReplyWriter::srv(0, 5, 389, u"dc.example.test"_qs))
                                       .wire();
        const Stored srv = store(srvWire);
        QVERIFY(srv.answer);
        message = reparse(*srv.answer);
        QVERIFY(message.ok());
        // RFC 2782: the SRV target is written uncompressed: 17 bytes of name after 6 of fields.
        QCOMPARE(message.answers[0].rdataLength, 6 + 17);
        QCOMPARE(nameAt(srv.answer->wire(), message.answers[0].rdataOffset + 6),
                 u"dc.example.test."_qs);
    }

    void malformedRdataIsRefused_data()
    {
        QTest::addColumn<int>("type");
        QTest::addColumn<QByteArray>("rdata");
        QTest::newRow("CNAME with a byte after the name") << int(typeCname)
                                                          << QByteArray("\x01"
                                                                        "a\x00\xff",
                                                                        4);
        QTest::newRow("MX without exchange") << int(typeMx) << QByteArray("\x00", 1);
        QTest::newRow("SOA too short") << int(typeSoa) << QByteArray("\x00\x00\x00\x00\x01", 5);
        QTest::newRow("NS name runs out of RDATA") << int(typeNs)
                                                   << QByteArray("\x05"
                                                                 "ab",
                                                                 3);
    }

    void malformedRdataIsRefused()
    {
        QFETCH(int, type);
        QFETCH(QByteArray, rdata);
        const QByteArray wire =
            ReplyWriter(u"a.test"_qs, std::uint16_t(type))
                .answer(u"a.test"_qs, std::uint16_t(type), 60, ReplyWriter::raw(rdata))
                .wire();
        const Dns::Message parsed = Dns::Message::parse(wire);
        QVERIFY2(parsed.ok(), Dns::parseErrorName(parsed.error));
        const Stored stored = store(wire);
        QVERIFY(!stored.answer);
        QCOMPARE(stored.why, CacheRefusal::BadRecord);
    }

    void nonCacheableRepliesAreRefused_data()
    {
        QTest::addColumn<QByteArray>("wire");
        QTest::addColumn<int>("why");
        const auto withA = [](ReplyWriter writer) {
            return writer.answer(u"a.test"_qs, typeA, 60, ReplyWriter::a("192.0.2.1")).wire();
        };
        QTest::newRow("SERVFAIL") << withA(ReplyWriter(u"a.test"_qs, typeA, 2))
                                  << int(CacheRefusal::Rcode);
        QTest::newRow("REFUSED") << withA(ReplyWriter(u"a.test"_qs, typeA, 5))
                                 << int(CacheRefusal::Rcode);
        QTest::newRow("FORMERR") << withA(ReplyWriter(u"a.test"_qs, typeA, 1))
                                 << int(CacheRefusal::Rcode);
        QTest::newRow("extended rcode")
            << withA(ReplyWriter(u"a.test"_qs, typeA).withOpt(1232, 1)) << int(CacheRefusal::Rcode);
        QTest::newRow("truncated") << withA(ReplyWriter(u"a.test"_qs, typeA).flags(0x8380))
                                   << int(CacheRefusal::Truncated);
        QTest::newRow("not a response") << withA(ReplyWriter(u"a.test"_qs, typeA).flags(0x0100))
                                        << int(CacheRefusal::NotAnswer);
        QTest::newRow("opcode NOTIFY") << withA(ReplyWriter(u"a.test"_qs, typeA).flags(0xa180))
                                       << int(CacheRefusal::NotAnswer);
        QTest::newRow("qtype ANY")
            << ReplyWriter(u"a.test"_qs, typeAny)
                   .answer(u"a.test"_qs, typeA, 60, ReplyWriter::a("192.0.2.1"))
                   .wire()
            << int(CacheRefusal::QuestionType);
        QTest::newRow("two questions")
            << QByteArray::fromHex("123481800002000000000000016104746573740000010001"
                                   "016204746573740000010001")
            << int(CacheRefusal::NotAnswer);
        QTest::newRow("unparsable")
            << QByteArray::fromHex("1234818000010001000000000161047465737400000100")
            << int(CacheRefusal::NotAnswer);
    }

    void nonCacheableRepliesAreRefused()
    {
        QFETCH(QByteArray, wire);
        QFETCH(int, why);
        const Stored stored = store(wire);
        QVERIFY(!stored.answer);
        QCOMPARE(int(stored.why), why);
    }

    void oversizeIsRefused()
    {
        ReplyWriter writer(u"big.test"_qs, typeTxt);
        const QByteArray text = QByteArray(1, char(200)) + QByteArray(200, 'x');
        for (int i = 0; i < 90; ++i) // 90 * ~215 bytes: over 16 KiB
            writer.answer(u"big.test"_qs, typeTxt, 60, ReplyWriter::raw(text));
        const QByteArray wire = writer.wire();
        const Stored stored = store(wire);
        QVERIFY(!stored.answer);
        QCOMPARE(stored.why, CacheRefusal::Oversize);
        CacheLimits roomy;
        roomy.maxEntryBytes = 32 * 1024;
        QVERIFY(store(wire, roomy).answer);
    }

    void optAndTsigAreNotStored()
    {
        const QByteArray wire = ReplyWriter(u"a.test"_qs, typeA)
                                    .answer(u"a.test"_qs, typeA, 60, ReplyWriter::a("192.0.2.1"))
                                    .withOpt(4096)
                                    .wire();
        const Stored stored = store(wire);
        QVERIFY(stored.answer);
        const Dns::Message message = reparse(*stored.answer);
        QVERIFY(message.ok());
        QVERIFY(!message.edns);
        QCOMPARE(message.header.additionalCount, 0);
    }

    void peerSourceIsKept()
    {
        const QByteArray wire = ReplyWriter(u"a.test"_qs, typeA)
                                    .answer(u"a.test"_qs, typeA, 60, ReplyWriter::a("192.0.2.1"))
                                    .wire();
        const Stored stored = store(wire, {}, AnswerSource::peer(u"node-7f3a"_qs));
        QVERIFY(stored.answer->isFromPeer());
        QCOMPARE(stored.answer->source().peerId, u"node-7f3a"_qs);
        QVERIFY(!store(wire).answer->isFromPeer());
    }

    void transientKeepsEverythingWithTtlsAsIs()
    {
        const QByteArray wire =
            ReplyWriter(u"a.test"_qs, typeA, 2)
                .answer(u"a.test"_qs, typeA, 1'000'000, ReplyWriter::a("192.0.2.1"))
                .answer(u"b.test"_qs, typeA, 5, ReplyWriter::a("192.0.2.2"))
                .wire();
        const StoredAnswer answer = StoredAnswer::transient(Dns::Message::parse(wire), wire, now);
        QVERIFY(answer.isValid());
        QCOMPARE(answer.rcode, 2);
        QCOMPARE(storedTtls(answer), (QList<std::uint32_t>{1'000'000, 5}));
        QVERIFY(!StoredAnswer::transient(Dns::Message::parse(QByteArray("\x12\x34", 2)),
                                         QByteArray("\x12\x34", 2), now)
                     .isValid());
    }
};

QTEST_APPLESS_MAIN(TestStoredAnswer)
#include "TestStoredAnswer.moc"
