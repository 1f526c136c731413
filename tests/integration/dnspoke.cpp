// dnspoke: sends hand-made bytes to a DNS server so the integration tests can feed shoald hostile
// input that dig refuses to produce.
//
//   dnspoke udp  HOST PORT HEX [WAIT_MS]       one datagram; prints the reply in hex or "no reply"
//   dnspoke tcp  HOST PORT HEX [WAIT_MS]       HEX written as is (the caller adds any length
//                                              prefix); prints what came back in hex, then
//                                              "closed" or "open"
//   dnspoke hold HOST PORT COUNT HEX SECONDS   COUNT connections at once, HEX written on each,
//                                              held SECONDS; prints "connected=N answered=M
//                                              closed=K ignored=L" (answered: at least one byte
//                                              came; ignored: connected, neither answered nor
//                                              closed by the server)
//   dnspoke flood HOST PORT COUNT HEX          COUNT datagrams as fast as they go, no reading
//
// HEX may be empty ("") to send nothing. Exit status 0 when the exchange ran, 2 on bad usage.

#include <QByteArray>
#include <QCoreApplication>
#include <QHostAddress>
#include <QStringList>
#include <QTcpSocket>
#include <QTextStream>
#include <QTimer>
#include <QUdpSocket>
#include <memory>
#include <vector>

namespace {

constexpr int defaultWaitMs = 1000;

struct Target
{
    QHostAddress address;
    quint16 port = 0;
};

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

int usage()
{
    QTextStream(stderr) << "usage: dnspoke udp|tcp HOST PORT HEX [WAIT_MS]\n"
                           "       dnspoke hold HOST PORT COUNT HEX SECONDS\n"
                           "       dnspoke flood HOST PORT COUNT HEX\n";
    return 2;
}

bool parseTarget(const QStringList &args, Target &target)
{
    bool portOk = false;
    target.address = QHostAddress(args.value(2));
    target.port = args.value(3).toUShort(&portOk);
    return !target.address.isNull() && portOk;
}

int udpExchange(const Target &target, const QByteArray &payload, int waitMs)
{
    QUdpSocket socket;
    socket.writeDatagram(payload, target.address, target.port);
    if (!socket.waitForReadyRead(waitMs)) {
        out() << "no reply\n";
        return 0;
    }
    QByteArray reply(int(socket.pendingDatagramSize()), Qt::Uninitialized);
    socket.readDatagram(reply.data(), reply.size());
    out() << reply.toHex() << '\n';
    return 0;
}

int tcpExchange(const Target &target, const QByteArray &payload, int waitMs)
{
    QTcpSocket socket;
    socket.connectToHost(target.address, target.port);
    if (!socket.waitForConnected(waitMs)) {
        out() << "no connection\n";
        return 0;
    }
    socket.write(payload);
    socket.waitForBytesWritten(waitMs);
    QByteArray received;
    while (socket.state() == QAbstractSocket::ConnectedState && socket.waitForReadyRead(waitMs))
        received += socket.readAll();
    received += socket.readAll();
    out() << (received.isEmpty() ? QByteArray("no reply") : received.toHex()) << '\n';
    out() << (socket.state() == QAbstractSocket::ConnectedState ? "open" : "closed") << '\n';
    return 0;
}

int udpFlood(const Target &target, int count, const QByteArray &payload)
{
    QUdpSocket socket;
    int sent = 0;
    for (int i = 0; i < count; ++i) {
        if (socket.writeDatagram(payload, target.address, target.port) == payload.size())
            ++sent;
    }
    out() << "sent=" << sent << '\n';
    return 0;
}

struct CrowdCounts
{
    int connected = 0;
    int answered = 0;
    int closed = 0;
    int ignored = 0;
};

struct ClientState
{
    bool connected = false;
    bool answered = false;
    bool closed = false;
};

// Opens `count` connections that each write `payload` and then just sit there, the way a
// crowd of slow or hostile clients would.
int holdCrowd(const Target &target, int count, const QByteArray &payload, int seconds)
{
    std::vector<ClientState> states(count);
    std::vector<std::unique_ptr<QTcpSocket>> sockets;
    for (int i = 0; i < count; ++i) {
        auto socket = std::make_unique<QTcpSocket>();
        QTcpSocket *raw = socket.get();
        ClientState *state = &states[i];
        QObject::connect(raw, &QTcpSocket::connected, raw, [raw, payload, state] {
            state->connected = true;
            raw->write(payload);
        });
        QObject::connect(raw, &QTcpSocket::readyRead, raw, [raw, state] {
            raw->readAll();
            state->answered = true;
        });
        QObject::connect(raw, &QTcpSocket::disconnected, raw, [state] { state->closed = true; });
        // A reset does not always come as disconnected(); the error says the server let go too.
        QObject::connect(raw, &QTcpSocket::errorOccurred, raw, [state] { state->closed = true; });
        raw->connectToHost(target.address, target.port);
        sockets.push_back(std::move(socket));
    }
    QTimer::singleShot(seconds * 1000, qApp, &QCoreApplication::quit);
    QCoreApplication::exec();
    CrowdCounts counts;
    for (std::size_t i = 0; i < states.size(); ++i) {
        if (sockets[i]->state() != QAbstractSocket::ConnectedState)
            states[i].closed = true;
    }
    for (const ClientState &state : states) {
        counts.connected += state.connected;
        counts.answered += state.answered;
        counts.closed += state.closed;
        counts.ignored += state.connected && !state.answered && !state.closed;
    }
    out() << "connected=" << counts.connected << " answered=" << counts.answered
          << " closed=" << counts.closed << " ignored=" << counts.ignored << '\n';
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    Target target;
    if (args.size() < 5 || !parseTarget(args, target))
        return usage();
    const QString mode = args.at(1);
    if (mode == QLatin1String("hold")) {
        if (args.size() != 7)
            return usage();
        return holdCrowd(target, args.at(4).toInt(), QByteArray::fromHex(args.at(5).toLatin1()),
                         args.at(6).toInt());
    }
    if (mode == QLatin1String("flood")) {
        if (args.size() != 6)
            return usage();
        return udpFlood(target, args.at(4).toInt(), QByteArray::fromHex(args.at(5).toLatin1()));
    }
    const QByteArray payload = QByteArray::fromHex(args.at(4).toLatin1());
    const int waitMs = args.size() > 5 ? args.at(5).toInt() : defaultWaitMs;
    if (mode == QLatin1String("udp"))
        return udpExchange(target, payload, waitMs);
    if (mode == QLatin1String("tcp"))
        return tcpExchange(target, payload, waitMs);
    return usage();
}
