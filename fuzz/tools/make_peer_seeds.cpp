// Writes seed inputs for fuzz_peer_message: one message of every kind, encoded by PeerMessage
// and signed with the fuzzer's group key at the fuzzer's fixed time, plus the same unsigned.
//   make_peer_seeds OUTPUT_DIR
#include "fuzz/PeerFixture.h"
#include "service/common/Clock.h"
#include "service/dns/DnsName.h"
#include "service/peer/PeerMessage.h"
#include "service/peer/Tsig.h"

#include <QFile>
#include <cstdio>

using namespace Shoal;

namespace {

PeerRecord record(const char *name, Dns::Type type, std::uint32_t ttl, const QByteArray &rdata)
{
    return {*Dns::nameFromText(QString::fromLatin1(name)), std::uint16_t(type),
            std::uint16_t(Dns::Class::IN), ttl, rdata};
}

bool write(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

} // namespace

int main(int argc, char **argv)
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s OUTPUT_DIR\n", argv[0]);
        return 2;
    }
    const QString output = QString::fromLocal8Bit(argv[1]);
    const NodeId sender = *NodeId::fromHex("00112233445566778899aabbccddeeff");
    const Dns::Question question{*Dns::nameFromText(u"www.lab.test"), 1, 1};
    PeerPresence presence;
    presence.hostName = QStringLiteral("ws-17");
    presence.version = QStringLiteral("0.1.0");
    presence.cacheEntries = 1234;

    const PeerMessage ask = PeerMessage::ask(sender, 0x2a2a, question);
    const QList<std::pair<const char *, PeerMessage>> messages{
        {"ask", ask},
        {"answer", PeerMessage::answer(ask, sender, Dns::Rcode::NoError,
                                       {record("www.lab.test", Dns::Type::A, 300,
                                               QByteArray::fromHex("c000020a"))})},
        {"share-cname",
         PeerMessage::share(
             sender, {*Dns::nameFromText(u"alias.lab.test"), 1, 1}, Dns::Rcode::NoError,
             {record("alias.lab.test", Dns::Type::CNAME, 300, *Dns::nameFromText(u"www.lab.test")),
              record("www.lab.test", Dns::Type::A, 300, QByteArray::fromHex("c000020a"))})},
        {"share-nxdomain",
         PeerMessage::share(sender, {*Dns::nameFromText(u"missing.lab.test"), 1, 1},
                            Dns::Rcode::NxDomain, {},
                            {record("lab.test", Dns::Type::SOA, 60,
                                    *Dns::nameFromText(u"ns.lab.test") +
                                        *Dns::nameFromText(u"hostmaster.lab.test") +
                                        QByteArray::fromHex("0000000100000e1000000258"
                                                            "000151800000003c"))})},
        {"announce", PeerMessage::announce(sender, presence, 90)},
        {"goodbye", PeerMessage::goodbye(sender, presence)},
    };

    const ManualClock clock(Fuzz::peerClockMs);
    const Tsig tsig(clock);
    int failures = 0;
    for (const auto &[name, message] : messages) {
        const std::optional<QByteArray> wire = message.encode();
        if (!wire) {
            std::fprintf(stderr, "%s does not encode\n", name);
            ++failures;
            continue;
        }
        QByteArray signedWire = *wire;
        tsig.sign(signedWire, Fuzz::peerKey());
        const QString base = output + u'/' + QString::fromLatin1(name);
        if (!write(base + u"-unsigned"_qs, *wire) || !write(base + u"-signed"_qs, signedWire))
            ++failures;
    }
    return failures == 0 ? 0 : 1;
}
