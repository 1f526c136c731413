#include "service/common/Clock.h"
#include "service/dns/DnsName.h"
#include "service/peer/GroupAddress.h"
#include "service/peer/PeerMessage.h"
#include "service/peer/Tsig.h"

#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Shoal;

namespace {

void appendLe32(QByteArray &out, quint32 value)
{
    for (int i = 0; i < 4; ++i)
        out += char(value >> (8 * i) & 0xff);
}

void appendBe16(QByteArray &out, quint16 value)
{
    out += char(value >> 8);
    out += char(value & 0xff);
}

// An IPv4 header and a UDP header around `payload`, as a capture would hold it. Nothing is
// sent anywhere: the packets only ever exist in a file that tshark reads.
QByteArray udpPacket(const QByteArray &payload)
{
    const quint32 source = QHostAddress(QStringLiteral("192.0.2.1")).toIPv4Address();
    const quint32 group = GroupAddress::forGroup(QStringLiteral("lab")).toIPv4Address();
    QByteArray ip;
    ip += char(0x45);
    ip += char(0);
    appendBe16(ip, quint16(20 + 8 + payload.size()));
    appendBe16(ip, 0);
    appendBe16(ip, 0x4000); // don't fragment
    ip += char(1);          // TTL 1: link-local multicast
    ip += char(17);         // UDP
    appendBe16(ip, 0);      // checksum, filled in below
    for (const quint32 address : {source, group}) {
        appendBe16(ip, quint16(address >> 16));
        appendBe16(ip, quint16(address & 0xffff));
    }
    quint32 sum = 0;
    for (int i = 0; i < 20; i += 2)
        sum += quint32(quint8(ip[i])) << 8 | quint8(ip[i + 1]);
    while (sum > 0xffff)
        sum = (sum & 0xffff) + (sum >> 16);
    ip[10] = char(~sum >> 8 & 0xff);
    ip[11] = char(~sum & 0xff);

    QByteArray udp;
    appendBe16(udp, GroupAddress::defaultPort);
    appendBe16(udp, GroupAddress::defaultPort);
    appendBe16(udp, quint16(8 + payload.size()));
    appendBe16(udp, 0); // no checksum (allowed for UDP over IPv4)
    return ip + udp + payload;
}

// A classic pcap file with raw IPv4 packets (link type 228).
QByteArray pcap(const QList<QByteArray> &payloads)
{
    QByteArray file;
    appendLe32(file, 0xa1b2c3d4);
    appendLe32(file, 0x00040002); // version 2.4
    appendLe32(file, 0);
    appendLe32(file, 0);
    appendLe32(file, 65535);
    appendLe32(file, 228); // LINKTYPE_IPV4
    quint32 second = 1'700'000'000;
    for (const QByteArray &payload : payloads) {
        const QByteArray packet = udpPacket(payload);
        appendLe32(file, second++);
        appendLe32(file, 0);
        appendLe32(file, quint32(packet.size()));
        appendLe32(file, quint32(packet.size()));
        file += packet;
    }
    return file;
}

QByteArray name(const char *text)
{
    return *Dns::nameFromText(QString::fromLatin1(text));
}

QList<QByteArray> everyKind()
{
    const NodeId sender = *NodeId::fromHex("00112233445566778899aabbccddeeff");
    const Dns::Question question{name("www.lab.test"), 1, 1};
    const PeerMessage ask = PeerMessage::ask(sender, 0x4242, question);
    const PeerRecord cname{name("www.lab.test"), 5, 1, 300, name("web.lab.test")};
    const PeerRecord a{name("web.lab.test"), 1, 1, 60, QByteArray::fromHex("c0000250")};
    const PeerRecord soa{name("lab.test"), 6, 1, 600,
                         name("ns.lab.test") + name("admin.lab.test") +
                             QByteArray::fromHex("0000000100000e1000000384000927c000000258")};
    PeerPresence presence;
    presence.hostName = QStringLiteral("ws-17");
    presence.version = QStringLiteral("0.1.0");
    presence.cacheEntries = 1234;
    const QList<PeerMessage> messages{
        ask,
        PeerMessage::answer(ask, sender, Dns::Rcode::NoError, {cname, a}),
        PeerMessage::share(sender, {name("gone.lab.test"), 1, 1}, Dns::Rcode::NxDomain, {}, {soa}),
        PeerMessage::announce(sender, presence, 180),
        PeerMessage::goodbye(sender, presence),
    };
    QList<QByteArray> wires;
    for (const PeerMessage &message : messages)
        wires.append(message.encode().value_or(QByteArray()));
    return wires;
}

} // namespace

// tshark is an independent DNS dissector: every kind of peer message, signed or not, must read
// as a well-formed DNS message in it.
class TestPeerTshark : public QObject
{
    Q_OBJECT

private slots:
    void everyKindDecodesInTshark()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("tshark")).isEmpty())
            QSKIP("tshark is not installed (Debian: tshark); nothing to compare against");
        ManualClock clock;
        const Tsig tsig(clock);
        const GroupKey key = *GroupKey::fromPassphrase(u"lab", QStringLiteral("words"));
        QList<QByteArray> payloads = everyKind();
        for (const QByteArray &wire : everyKind()) {
            QByteArray signedWire = wire;
            tsig.sign(signedWire, key);
            payloads.append(signedWire);
        }
        for (const QByteArray &wire : payloads)
            QVERIFY(!wire.isEmpty());

        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("peer.pcap"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(pcap(payloads));
        file.close();

        QProcess tshark;
        tshark.start(QStringLiteral("tshark"),
                     {QStringLiteral("-n"), QStringLiteral("-r"), path, QStringLiteral("-d"),
                      QStringLiteral("udp.port==%1,dns").arg(GroupAddress::defaultPort),
                      QStringLiteral("-V")});
        QVERIFY(tshark.waitForFinished(120'000));
        const QString output = QString::fromUtf8(tshark.readAllStandardOutput());
        QCOMPARE(tshark.exitCode(), 0);
        QVERIFY2(!output.contains(QStringLiteral("Malformed"), Qt::CaseInsensitive),
                 qPrintable(output));
        QVERIFY2(!output.contains(QStringLiteral("Expert Info (Error"), Qt::CaseInsensitive),
                 qPrintable(output));
        // The one warning allowed: tshark has no dissector for the contents of an HMAC.
        QCOMPARE(output.count(QStringLiteral("Expert Info (Warning")),
                 output.count(QStringLiteral("Expert Info (Warning/Undecoded): No dissector for "
                                             "algorithm:hmac-sha256]")));
        QCOMPARE(output.count(QStringLiteral("Domain Name System (")), payloads.size());
        QCOMPARE(output.count(QStringLiteral("Option: Unknown (65353)")), payloads.size());
        QCOMPARE(output.count(QStringLiteral("Algorithm Name: hmac-sha256")), 5);
        QVERIFY2(output.contains(QStringLiteral("host=ws-17")), qPrintable(output));
        QVERIFY2(output.contains(QStringLiteral("00112233445566778899aabbccddeeff._shoal")),
                 qPrintable(output));
        QVERIFY2(output.contains(QStringLiteral("web.lab.test")), qPrintable(output));
    }
};

QTEST_GUILESS_MAIN(TestPeerTshark)
#include "TestPeerTshark.moc"
