// shoal-peer-sender: a hostile or pretend group member for tests/faults/adversaries.sh. It
// writes peer messages with the daemon's own codec and TSIG code, signed or not, with the right
// or a wrong key, and sends them to a group's multicast address on one interface; it can also
// capture a message some shoald sends, so the test can replay its exact bytes.
//
//   shoal-peer-sender --group NAME --port N --interface IF [options] COMMAND
//
// Commands: announce, ask, answer, share, capture (waits for the first Share on the group and
// writes its bytes to --out), replay (sends the bytes of --in). See usage() for the options.

#include "service/common/Clock.h"
#include "service/dns/DnsName.h"
#include "service/dns/DnsTypes.h"
#include "service/peer/GroupAddress.h"
#include "service/peer/GroupKey.h"
#include "service/peer/KeyFile.h"
#include "service/peer/NodeId.h"
#include "service/peer/PeerMessage.h"
#include "service/peer/PeerPresence.h"
#include "service/peer/PeerRecord.h"
#include "service/peer/Tsig.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QFile>
#include <QHostAddress>
#include <QNetworkDatagram>
#include <QNetworkInterface>
#include <QRandomGenerator>
#include <QThread>
#include <QUdpSocket>
#include <QVariant>
#include <cstdio>
#include <optional>

using namespace Shoal;

namespace {

[[noreturn]] void fail(const QString &why)
{
    std::fprintf(stderr, "shoal-peer-sender: %s\n", qPrintable(why));
    std::exit(2);
}

struct Options
{
    QString group;
    QHostAddress address;
    quint16 port = 0;
    QNetworkInterface interface;
    QHostAddress source;
    std::optional<GroupKey> key;
    NodeId node;
    QByteArray name;
    QByteArray owner;
    QHostAddress data;
    quint32 ttl = 300;
    quint16 id = 0;
    int count = 1;
    int rate = 0; // messages per second, 0: as fast as the socket takes them
    int timeoutMs = 10000;
    QString in;
    QString out;
};

PeerRecord aRecord(const QByteArray &owner, const QHostAddress &address, quint32 ttl)
{
    const quint32 ip = address.toIPv4Address();
    QByteArray rdata;
    for (int shift = 24; shift >= 0; shift -= 8)
        rdata += char((ip >> shift) & 0xff);
    return PeerRecord{owner, std::uint16_t(Dns::Type::A), std::uint16_t(Dns::Class::IN), ttl,
                      rdata};
}

Dns::Question question(const Options &options)
{
    return Dns::Question{options.name, std::uint16_t(Dns::Type::A), std::uint16_t(Dns::Class::IN)};
}

quint16 randomId()
{
    return quint16(QRandomGenerator::global()->bounded(1, 65536));
}

// One message of the command, fresh each call (new ID for asks, new time in the TSIG record),
// so a flood is not mere replays.
PeerMessage build(const QString &command, const Options &options)
{
    if (command == u"announce") {
        PeerPresence presence;
        presence.hostName = QStringLiteral("adversary");
        presence.version = QStringLiteral("0.1.0");
        presence.sequence = QRandomGenerator::global()->generate();
        return PeerMessage::announce(options.node, presence, 600);
    }
    if (command == u"ask")
        return PeerMessage::ask(options.node, randomId(), question(options));
    const std::vector<PeerRecord> records{aRecord(options.owner, options.data, options.ttl)};
    if (command == u"answer") {
        const PeerMessage asked =
            PeerMessage::ask(options.node, options.id ? options.id : randomId(), question(options));
        return PeerMessage::answer(asked, options.node, Dns::Rcode::NoError, records);
    }
    if (command == u"share")
        return PeerMessage::share(options.node, question(options), Dns::Rcode::NoError, records);
    fail(u"unknown command "_qs + command);
}

QUdpSocket &bound(QUdpSocket &socket, const Options &options, quint16 port)
{
    const QHostAddress local =
        options.source.isNull() ? QHostAddress(QHostAddress::AnyIPv4) : options.source;
    if (!socket.bind(local, port, QUdpSocket::ShareAddress | QUdpSocket::ReuseAddressHint))
        fail(u"cannot bind: "_qs + socket.errorString());
    socket.setMulticastInterface(options.interface);
    socket.setSocketOption(QAbstractSocket::MulticastTtlOption, QVariant(1));
    socket.setSocketOption(QAbstractSocket::MulticastLoopbackOption, QVariant(1));
    return socket;
}

void send(QUdpSocket &socket, const Options &options, const QByteArray &bytes)
{
    if (socket.writeDatagram(bytes, options.address, options.port) != bytes.size())
        fail(u"cannot send: "_qs + socket.errorString());
}

int capture(const Options &options)
{
    QUdpSocket socket;
    bound(socket, options, options.port);
    if (!socket.joinMulticastGroup(options.address, options.interface))
        fail(u"cannot join the group: "_qs + socket.errorString());
    // The test waits for this line before it makes anyone send.
    std::printf("joined\n");
    std::fflush(stdout);
    QDeadlineTimer deadline(options.timeoutMs);
    while (!deadline.hasExpired()) {
        if (!socket.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime()))))
            continue;
        while (socket.hasPendingDatagrams()) {
            const QNetworkDatagram datagram = socket.receiveDatagram(PeerMessage::maxWireSize + 1);
            const PeerMessage::Decoded decoded = PeerMessage::decode(datagram.data());
            if (!decoded.message || decoded.message->kind != PeerMessageKind::Share)
                continue;
            QFile file(options.out);
            if (!file.open(QIODevice::WriteOnly) || file.write(datagram.data()) < 0)
                fail(u"cannot write "_qs + options.out);
            std::printf("captured a Share of %d bytes\n", int(datagram.data().size()));
            return 0;
        }
    }
    fail(u"no Share seen on the group"_qs);
}

Options parse(const QCoreApplication &app, QString &command)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Sends crafted peer messages to a Shoal group."_qs);
    parser.addHelpOption();
    parser.addOptions({
        {u"group"_qs, u"group name (its derived address is used)"_qs, u"name"_qs},
        {u"port"_qs, u"group port"_qs, u"n"_qs},
        {u"interface"_qs, u"multicast interface"_qs, u"if"_qs},
        {u"source"_qs, u"local address to send from"_qs, u"address"_qs},
        {u"key-file"_qs, u"sign with this key (else unsigned)"_qs, u"file"_qs},
        {u"wrong-secret"_qs, u"sign with another secret under the key's name"_qs},
        {u"node"_qs, u"sender node id, 32 hex digits (default: random)"_qs, u"hex"_qs},
        {u"name"_qs, u"question name"_qs, u"name"_qs},
        {u"owner"_qs, u"owner of the answer record (default: the question name)"_qs, u"name"_qs},
        {u"data"_qs, u"IPv4 address of the answer record"_qs, u"address"_qs},
        {u"ttl"_qs, u"TTL of the answer record"_qs, u"seconds"_qs},
        {u"id"_qs, u"message ID of an answer (default: random)"_qs, u"n"_qs},
        {u"count"_qs, u"messages to send, each freshly built and signed"_qs, u"n"_qs},
        {u"rate"_qs, u"messages per second (default: as fast as possible)"_qs, u"n"_qs},
        {u"timeout"_qs, u"capture: milliseconds to wait"_qs, u"ms"_qs},
        {u"in"_qs, u"replay: file with the datagram"_qs, u"file"_qs},
        {u"out"_qs, u"capture: file for the datagram"_qs, u"file"_qs},
    });
    parser.addPositionalArgument(u"command"_qs,
                                 u"announce, ask, answer, share, capture or replay"_qs);
    parser.process(app);
    if (parser.positionalArguments().size() != 1)
        fail(u"exactly one command expected (--help)"_qs);
    command = parser.positionalArguments().front();

    Options options;
    options.group = parser.value(u"group"_qs);
    options.address = GroupAddress::forGroup(options.group);
    options.port = quint16(parser.value(u"port"_qs).toUInt());
    options.interface = QNetworkInterface::interfaceFromName(parser.value(u"interface"_qs));
    if (options.group.isEmpty() || options.port == 0 || !options.interface.isValid())
        fail(u"--group, --port and --interface are required"_qs);
    if (parser.isSet(u"source"_qs))
        options.source = QHostAddress(parser.value(u"source"_qs));
    if (parser.isSet(u"key-file"_qs)) {
        QString error;
        options.key = KeyFile::read(parser.value(u"key-file"_qs), &error);
        if (!options.key)
            fail(error);
        if (parser.isSet(u"wrong-secret"_qs))
            options.key = GroupKey::fromSecret(options.key->group(), QByteArray(32, 'w'));
    }
    if (parser.isSet(u"node"_qs)) {
        const std::optional<NodeId> node = NodeId::fromHex(parser.value(u"node"_qs).toLatin1());
        if (!node)
            fail(u"bad --node"_qs);
        options.node = *node;
    } else {
        options.node = NodeId::random();
    }
    if (parser.isSet(u"name"_qs)) {
        options.name = Dns::nameFromText(parser.value(u"name"_qs)).value_or(QByteArray());
        if (options.name.isEmpty())
            fail(u"bad --name"_qs);
    }
    options.owner = parser.isSet(u"owner"_qs)
                        ? Dns::nameFromText(parser.value(u"owner"_qs)).value_or(QByteArray())
                        : options.name;
    options.data = QHostAddress(parser.value(u"data"_qs).isEmpty() ? u"192.0.2.66"_qs
                                                                   : parser.value(u"data"_qs));
    if (parser.isSet(u"ttl"_qs))
        options.ttl = parser.value(u"ttl"_qs).toUInt();
    options.id = quint16(parser.value(u"id"_qs).toUInt());
    if (parser.isSet(u"count"_qs))
        options.count = qMax(1, parser.value(u"count"_qs).toInt());
    options.rate = qMax(0, parser.value(u"rate"_qs).toInt());
    if (parser.isSet(u"timeout"_qs))
        options.timeoutMs = parser.value(u"timeout"_qs).toInt();
    options.in = parser.value(u"in"_qs);
    options.out = parser.value(u"out"_qs);
    return options;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QString command;
    const Options options = parse(app, command);
    if (command == u"capture")
        return capture(options);

    QUdpSocket socket;
    bound(socket, options, 0);
    if (command == u"replay") {
        QFile file(options.in);
        if (!file.open(QIODevice::ReadOnly))
            fail(u"cannot read "_qs + options.in);
        const QByteArray bytes = file.readAll();
        for (int i = 0; i < options.count; ++i)
            send(socket, options, bytes);
        std::printf("replayed %d bytes %d times\n", int(bytes.size()), options.count);
        return 0;
    }
    const SystemClock clock;
    QElapsedTimer elapsed;
    elapsed.start();
    for (int i = 0; i < options.count; ++i) {
        // Paced, so the flood reaches the daemon instead of overflowing a socket buffer.
        while (options.rate > 0 &&
               elapsed.nsecsElapsed() < qint64(i) * 1'000'000'000 / options.rate)
            QThread::usleep(100);
        std::optional<QByteArray> bytes = build(command, options).encode();
        if (!bytes)
            fail(u"the codec refused the message"_qs);
        if (options.key)
            Tsig(clock).sign(*bytes, *options.key);
        send(socket, options, *bytes);
    }
    std::printf("sent %d %s message(s) as node %s\n", options.count, qPrintable(command),
                options.node.toHex().constData());
    return 0;
}
