#include <QTest>

#include <netinet/in.h>

#include "service/common/Clock.h"
#include "service/common/Counters.h"
#include "service/server/ClientFilter.h"
#include "service/server/QueryGate.h"

using namespace Shoal;

namespace {

QByteArray hex(const char *text) { return QByteArray::fromHex(text); }

sockaddr_in v4(const char *dotted)
{
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(QHostAddress(QString::fromLatin1(dotted)).toIPv4Address());
    return address;
}

} // namespace

class TestQueryGate : public QObject
{
    Q_OBJECT

private slots:
    void ladder_data()
    {
        QTest::addColumn<QByteArray>("wire");
        QTest::addColumn<int>("verdict");
        QTest::addColumn<int>("rcode");
        QTest::addColumn<QString>("counter");
        const int drop = int(QueryGate::Verdict::Drop);
        const int reply = int(QueryGate::Verdict::Reply);
        const int proceed = int(QueryGate::Verdict::Proceed);

        QTest::newRow("good query") << hex("abcd01000001000000000000016104746573740000010001")
                                    << proceed << 0 << u"dns.queries"_qs;
        QTest::newRow("short") << hex("abcd0100") << drop << 0 << u"dns.dropped.short"_qs;
        QTest::newRow("response") << hex("abcd81000001000000000000016104746573740000010001")
                                  << drop << 0 << u"dns.dropped.response"_qs;
        QTest::newRow("update opcode") << hex("abcd29000001000000000000016104746573740000060001")
                                       << reply << 4 << u"dns.notimp.opcode"_qs;
        QTest::newRow("compression loop") << hex("abcd01000001000000000000c00c00010001") << reply
                                          << 1 << u"dns.formerr.bad-pointer"_qs;
        QTest::newRow("bad counts") << hex("abcd01000002000000000000") << reply << 1
                                    << u"dns.formerr.bad-counts"_qs;
        QTest::newRow("EDNS version 1")
            << hex("abcd010000010000000000010161047465737400000100010000291000000100000000")
            << reply << 16 << u"dns.badvers"_qs;
        QTest::newRow("zone transfer") << hex("abcd01000001000000000000016104746573740000fc0001")
                                       << reply << 5 << u"dns.refused.zone-transfer"_qs;
    }

    void ladder()
    {
        QFETCH(QByteArray, wire);
        QFETCH(int, verdict);
        QFETCH(int, rcode);
        QFETCH(QString, counter);

        Counters counters;
        ManualClock clock;
        QueryGate gate(counters, clock);
        Dns::QueryView query;
        const QueryGate::Result result = gate.check(
            reinterpret_cast<const std::uint8_t *>(wire.constData()), std::size_t(wire.size()), query);
        QCOMPARE(int(result.verdict), verdict);
        if (result.verdict == QueryGate::Verdict::Reply)
            QCOMPARE(int(result.rcode), rcode);
        QCOMPARE(counters.value(counter), 1u);
        QCOMPARE(counters.value(u"dns.queries"_qs), 1u);
    }

    void loopbackAlwaysAllowed()
    {
        const ClientFilter filter;
        const sockaddr_in loopback = v4("127.9.8.7");
        QVERIFY(filter.allows(reinterpret_cast<const sockaddr *>(&loopback)));
        sockaddr_in6 v6loopback{};
        v6loopback.sin6_family = AF_INET6;
        v6loopback.sin6_addr = in6addr_loopback;
        QVERIFY(filter.allows(reinterpret_cast<const sockaddr *>(&v6loopback)));
        const sockaddr_in outside = v4("192.0.2.10");
        QVERIFY(!filter.allows(reinterpret_cast<const sockaddr *>(&outside)));
    }

    void allowedSubnets()
    {
        const ClientFilter filter({{QHostAddress(u"192.0.2.0"_qs), 24}, {QHostAddress(u"2001:db8::"_qs), 32}});
        const sockaddr_in inside = v4("192.0.2.99");
        const sockaddr_in outside = v4("198.51.100.1");
        QVERIFY(filter.allows(reinterpret_cast<const sockaddr *>(&inside)));
        QVERIFY(!filter.allows(reinterpret_cast<const sockaddr *>(&outside)));
        QVERIFY(filter.allows(QHostAddress(u"2001:db8:1::5"_qs)));
        QVERIFY(filter.allows(QHostAddress(u"::ffff:192.0.2.7"_qs)));
        QVERIFY(!filter.allows(QHostAddress(u"2001:db9::1"_qs)));
    }
};

QTEST_APPLESS_MAIN(TestQueryGate)
#include "TestQueryGate.moc"
