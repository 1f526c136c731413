#include "service/config/ValueParsers.h"

#include <QTest>
#include <chrono>

using namespace Shoal;
using namespace std::chrono_literals;

class TestValueParsers : public QObject
{
    Q_OBJECT

private slots:
    void addresses_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected"); // empty: refused

        QTest::newRow("ipv4") << "192.0.2.1"
                              << "192.0.2.1";
        QTest::newRow("ipv4 zero") << "0.0.0.0"
                                   << "0.0.0.0";
        QTest::newRow("ipv6") << "2001:db8::1"
                              << "2001:db8::1";
        QTest::newRow("ipv6 scoped") << "fe80::1%lo"
                                     << "fe80::1%lo";
        QTest::newRow("short ipv4") << "127.1"
                                    << "";
        QTest::newRow("one number") << "1"
                                    << "";
        QTest::newRow("hex part") << "0x7f.0.0.1"
                                  << "";
        QTest::newRow("leading zero") << "127.0.0.01"
                                      << "";
        QTest::newRow("part over 255") << "192.0.2.256"
                                       << "";
        QTest::newRow("host name") << "ns.example.test"
                                   << "";
        QTest::newRow("space") << " 192.0.2.1"
                               << "";
        QTest::newRow("empty") << ""
                               << "";
        QTest::newRow("bad ipv6") << "2001:db8:::1"
                                  << "";
        QTest::newRow("ipv6 with space") << "::1 "
                                         << "";
    }

    void addresses()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        QString why;
        const auto address = parseAddress(text, &why);
        if (expected.isEmpty()) {
            QVERIFY(!address);
            QVERIFY(!why.isEmpty());
        } else {
            QVERIFY2(address, qPrintable(why));
            QCOMPARE(address->toString(), expected);
        }
    }

    void endpoints_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected"); // Endpoint::toString(), or the reason it is refused

        QTest::newRow("v4 with port") << "127.0.0.1:5300"
                                      << "127.0.0.1:5300";
        QTest::newRow("v6 with port") << "[::1]:5300"
                                      << "[::1]:5300";
        QTest::newRow("bare v4") << "192.0.2.1"
                                 << "192.0.2.1:53";
        QTest::newRow("bare v6") << "2001:db8::1"
                                 << "[2001:db8::1]:53";
        QTest::newRow("bracketed v6") << "[2001:db8::1]"
                                      << "[2001:db8::1]:53";
        QTest::newRow("max port") << "192.0.2.1:65535"
                                  << "192.0.2.1:65535";
        QTest::newRow("port 0") << "192.0.2.1:0"
                                << "port out of range 1-65535";
        QTest::newRow("port too big") << "192.0.2.1:65536"
                                      << "port out of range 1-65535";
        QTest::newRow("port huge") << "192.0.2.1:99999999999999999999"
                                   << "port is not a number";
        QTest::newRow("port sign") << "192.0.2.1:+53"
                                   << "port is not a number";
        QTest::newRow("port missing") << "192.0.2.1:"
                                      << "port is missing after ':'";
        QTest::newRow("v6 port 0") << "[::1]:0"
                                   << "port out of range 1-65535";
        QTest::newRow("v6 no close") << "[::1:53"
                                     << "'[' without ']'";
        QTest::newRow("v6 junk after") << "[::1]53"
                                       << "expected ':PORT' after ']'";
        QTest::newRow("v6 colon only") << "[::1]:"
                                       << "expected ':PORT' after ']'";
        QTest::newRow("v4 in brackets") << "[192.0.2.1]:53"
                                        << "not an IPv6 address inside [ ]";
        QTest::newRow("name") << "dns.example.test:53"
                              << "not a numeric IPv4 or IPv6 address";
    }

    void endpoints()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        QString why;
        const auto endpoint = parseEndpoint(text, 53, &why);
        QCOMPARE(endpoint ? endpoint->toString() : why, expected);
    }

    void endpointDefaultPort()
    {
        QCOMPARE(parseEndpoint(u"192.0.2.1", 5353)->port, 5353);
        QCOMPARE(parseEndpoint(u"192.0.2.1:54", 5353)->port, 54);
        QVERIFY(!parseEndpoint(u"nonsense", 53)); // `why` is optional
    }

    void cidrs_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected"); // formatCidr(), or the reason it is refused

        QTest::newRow("v4") << "192.0.2.0/24"
                            << "192.0.2.0/24";
        QTest::newRow("v4 host bits") << "192.0.2.77/24"
                                      << "192.0.2.0/24";
        QTest::newRow("v4 odd prefix") << "198.51.100.255/27"
                                       << "198.51.100.224/27";
        QTest::newRow("v4 /0") << "203.0.113.9/0"
                               << "0.0.0.0/0";
        QTest::newRow("v4 bare") << "192.0.2.9"
                                 << "192.0.2.9/32";
        QTest::newRow("v6") << "2001:db8::/32"
                            << "2001:db8::/32";
        QTest::newRow("v6 host bits") << "2001:db8:ffff::1/36"
                                      << "2001:db8:f000::/36";
        QTest::newRow("v6 bare") << "2001:db8::5"
                                 << "2001:db8::5/128";
        QTest::newRow("v4 /33") << "192.0.2.0/33"
                                << "prefix longer than 32 bits";
        QTest::newRow("v6 /129") << "2001:db8::/129"
                                 << "prefix longer than 128 bits";
        QTest::newRow("prefix text") << "192.0.2.0/x"
                                     << "prefix length is not a number";
        QTest::newRow("prefix empty") << "192.0.2.0/"
                                      << "prefix length is not a number";
        QTest::newRow("netmask") << "192.0.2.0/255.255.255.0"
                                 << "prefix length is not a number";
        QTest::newRow("bad address") << "192.0.2/24"
                                     << "not a numeric IPv4 or IPv6 address";
    }

    void cidrs()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        QString why;
        const auto subnet = parseCidr(text, &why);
        QCOMPARE(subnet ? formatCidr(*subnet) : why, expected);
    }

    void sizes_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("expected"); // -1: refused

        QTest::newRow("bytes") << "1048576" << qint64(1048576);
        QTest::newRow("K") << "512K" << qint64(512) * 1024;
        QTest::newRow("k") << "512k" << qint64(512) * 1024;
        QTest::newRow("M") << "64M" << (qint64(64) << 20);
        QTest::newRow("G") << "1G" << (qint64(1) << 30);
        QTest::newRow("zero") << "0" << qint64(0);
        QTest::newRow("unknown suffix") << "64X" << qint64(-1);
        QTest::newRow("MB") << "64MB" << qint64(-1);
        QTest::newRow("suffix only") << "M" << qint64(-1);
        QTest::newRow("negative") << "-5" << qint64(-1);
        QTest::newRow("fraction") << "1.5G" << qint64(-1);
        QTest::newRow("overflow") << "999999999999999999G" << qint64(-1);
        QTest::newRow("empty") << "" << qint64(-1);
    }

    void sizes()
    {
        QFETCH(QString, text);
        QFETCH(qint64, expected);
        QString why;
        const auto size = parseSize(text, &why);
        QCOMPARE(size.value_or(-1), expected);
        QCOMPARE(why.isEmpty(), bool(size));
    }

    void durations_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("bareUnitMs");
        QTest::addColumn<qint64>("expectedMs"); // -1: refused

        QTest::newRow("bare seconds") << "90" << qint64(1000) << qint64(90'000);
        QTest::newRow("bare ms") << "400" << qint64(1) << qint64(400);
        QTest::newRow("ms") << "250ms" << qint64(1000) << qint64(250);
        QTest::newRow("s") << "3s" << qint64(1) << qint64(3000);
        QTest::newRow("m") << "90m" << qint64(1) << qint64(5'400'000);
        QTest::newRow("h") << "2h" << qint64(1) << qint64(7'200'000);
        QTest::newRow("d") << "7d" << qint64(1) << qint64(604'800'000);
        QTest::newRow("upper case") << "2H" << qint64(1) << qint64(7'200'000);
        QTest::newRow("zero") << "0" << qint64(1000) << qint64(0);
        QTest::newRow("unknown unit") << "3w" << qint64(1) << qint64(-1);
        QTest::newRow("space") << "3 s" << qint64(1) << qint64(-1);
        QTest::newRow("negative") << "-3s" << qint64(1) << qint64(-1);
        QTest::newRow("unit only") << "ms" << qint64(1) << qint64(-1);
        QTest::newRow("overflow") << "999999999999999999d" << qint64(1) << qint64(-1);
    }

    void durations()
    {
        QFETCH(QString, text);
        QFETCH(qint64, bareUnitMs);
        QFETCH(qint64, expectedMs);
        const auto duration = parseDuration(text, std::chrono::milliseconds(bareUnitMs));
        QCOMPARE(duration ? duration->count() : qint64(-1), expectedMs);
    }

    void booleans()
    {
        for (const char *word : {"true", "YES", "On", "1"})
            QCOMPARE(parseBool(QString::fromLatin1(word)), std::optional<bool>(true));
        for (const char *word : {"false", "no", "OFF", "0"})
            QCOMPARE(parseBool(QString::fromLatin1(word)), std::optional<bool>(false));
        QString why;
        QVERIFY(!parseBool(u"maybe", &why));
        QCOMPARE(why, QStringLiteral("expected true or false"));
    }

    void numbers()
    {
        QCOMPARE(parseNumber(u"256"), std::optional<qint64>(256));
        QVERIFY(!parseNumber(u"0x10"));
        QVERIFY(!parseNumber(u" 5"));
        QVERIFY(!parseNumber(u"1234567890123456789")); // 19 digits
    }

    void formattingReadsBack()
    {
        QCOMPARE(formatSize(32 << 20), QStringLiteral("32M"));
        QCOMPARE(formatSize(qint64(3) << 30), QStringLiteral("3G"));
        QCOMPARE(formatSize(1536), QStringLiteral("1536"));
        QCOMPARE(formatSize(1000), QStringLiteral("1000"));
        QCOMPARE(formatDuration(86400s), QStringLiteral("1d"));
        QCOMPARE(formatDuration(90min), QStringLiteral("90m"));
        QCOMPARE(formatDuration(400ms), QStringLiteral("400ms"));
        QCOMPARE(formatDuration(1500ms), QStringLiteral("1500ms"));
        QCOMPARE(formatDuration(0ms), QStringLiteral("0s"));
        for (const qint64 bytes : {qint64(1), qint64(4096), qint64(5) << 20, qint64(7) << 30})
            QCOMPARE(parseSize(formatSize(bytes)), std::optional<qint64>(bytes));
        for (const auto ms : {1ms, 999ms, 1000ms, 61000ms, 3600000ms, 172800000ms})
            QCOMPARE(parseDuration(formatDuration(ms), 1s), std::optional(ms));
    }
};

QTEST_GUILESS_MAIN(TestValueParsers)
#include "TestValueParsers.moc"
