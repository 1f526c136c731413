#include "tests/support/FakeUpstream.h"

#include "service/dns/DnsName.h"
#include "service/dns/DnsTypes.h"
#include "service/dns/Message.h"

#include <QNetworkDatagram>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUdpSocket>

namespace Shoal::Test {

namespace {

constexpr qsizetype tcpBufferLimit = 2 + Dns::maxMessageSize;

void appendU16(QByteArray &out, quint16 value)
{
    out += char(value >> 8);
    out += char(value & 0xff);
}

void appendU32(QByteArray &out, quint32 value)
{
    appendU16(out, quint16(value >> 16));
    appendU16(out, quint16(value & 0xffff));
}

// A record of type A, class IN.
void appendA(QByteArray &out, const QByteArray &owner, quint32 ttl, const QHostAddress &address)
{
    out += owner;
    appendU16(out, quint16(Dns::Type::A));
    appendU16(out, quint16(Dns::Class::IN));
    appendU32(out, ttl);
    appendU16(out, 4);
    appendU32(out, address.toIPv4Address());
}

// The SOA record of `zone` with TTL and MINIMUM `ttl`.
void appendSoa(QByteArray &out, const QByteArray &zone, quint32 ttl)
{
    out += zone;
    appendU16(out, quint16(Dns::Type::SOA));
    appendU16(out, quint16(Dns::Class::IN));
    appendU32(out, ttl);
    QByteArray rdata = zone + zone; // MNAME and RNAME, uncompressed
    for (const quint32 value : {1u, 3600u, 600u, 86400u, ttl})
        appendU32(rdata, value);
    appendU16(out, quint16(rdata.size()));
    out += rdata;
}

QByteArray framed(const QByteArray &message)
{
    QByteArray out;
    appendU16(out, quint16(message.size()));
    return out + message;
}

QByteArray wire(const char *text)
{
    return *Dns::nameFromText(QString::fromLatin1(text));
}

const QByteArray questionPointer("\xc0\x0c", 2);

} // namespace

struct FakeUpstream::Query
{
    quint16 id = 0;
    quint16 flags = 0;
    QByteArray name; // wire form, case as sent
    quint16 type = 0;
    quint16 klass = 0;
    bool hasEdns = false;
    bool dnssecOk = false;
};

FakeUpstream::FakeUpstream(QObject *parent)
    : QObject(parent)
{}

FakeUpstream::~FakeUpstream() = default;

bool FakeUpstream::start(const QHostAddress &address)
{
    m_address = address;
    for (int attempt = 0; attempt < 20; ++attempt) {
        stop();
        m_udp = new QUdpSocket(this);
        m_tcp = new QTcpServer(this);
        m_otherUdp = new QUdpSocket(this);
        if (!m_udp->bind(address, 0) || !m_otherUdp->bind(address, 0))
            continue;
        if (!m_tcp->listen(address, m_udp->localPort()))
            continue; // that port is taken for TCP: try another one
        m_port = m_udp->localPort();
        connect(m_udp, &QUdpSocket::readyRead, this, &FakeUpstream::readUdp);
        connect(m_tcp, &QTcpServer::newConnection, this, &FakeUpstream::acceptTcp);
        return true;
    }
    stop();
    return false;
}

void FakeUpstream::stop()
{
    delete m_udp;
    delete m_otherUdp;
    delete m_tcp;
    m_udp = nullptr;
    m_otherUdp = nullptr;
    m_tcp = nullptr;
}

void FakeUpstream::addRecord(const QString &name, const QHostAddress &ipv4, quint32 ttl)
{
    m_records.insert(Dns::lowercasedName(*Dns::nameFromText(name)), {ipv4, ttl});
}

void FakeUpstream::setNegativeSoa(const QString &zone, quint32 ttl)
{
    m_soaZone = *Dns::nameFromText(zone);
    m_soaTtl = ttl;
}

void FakeUpstream::setBehaviour(const QString &name, const Behaviour &behaviour)
{
    m_behaviours.insert(Dns::lowercasedName(*Dns::nameFromText(name)), behaviour);
}

void FakeUpstream::clearBehaviours()
{
    m_behaviours.clear();
    m_default = {};
}

int FakeUpstream::queriesFor(const QString &name) const
{
    return m_queriesByName.value(Dns::lowercasedName(*Dns::nameFromText(name)));
}

QList<quint16> FakeUpstream::queryIds(const QString &name) const
{
    return m_idsByName.value(Dns::lowercasedName(*Dns::nameFromText(name)));
}

void FakeUpstream::readUdp()
{
    while (m_udp && m_udp->hasPendingDatagrams()) {
        const QNetworkDatagram datagram = m_udp->receiveDatagram();
        Query query;
        ++m_udpQueries;
        m_lastSourcePort = quint16(datagram.senderPort());
        if (parse(datagram.data(), query))
            answerUdp(query, datagram.senderAddress(), quint16(datagram.senderPort()));
    }
}

void FakeUpstream::acceptTcp()
{
    while (m_tcp && m_tcp->hasPendingConnections()) {
        QTcpSocket *socket = m_tcp->nextPendingConnection();
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { readTcp(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            m_tcpBuffers.remove(socket);
            socket->deleteLater();
        });
    }
}

void FakeUpstream::readTcp(QTcpSocket *socket)
{
    QByteArray &buffer = m_tcpBuffers[socket];
    buffer += socket->readAll();
    if (buffer.size() > tcpBufferLimit) {
        socket->abort();
        return;
    }
    while (buffer.size() >= 2) {
        const qsizetype length =
            Dns::readU16(reinterpret_cast<const std::uint8_t *>(buffer.data()));
        if (buffer.size() < 2 + length)
            return;
        const QByteArray message = buffer.mid(2, length);
        buffer.remove(0, 2 + length);
        Query query;
        ++m_tcpQueries;
        if (parse(message, query))
            answerTcp(query, socket);
    }
}

bool FakeUpstream::parse(const QByteArray &wire, Query &query)
{
    m_lastQuery = wire;
    Dns::QueryView view;
    const auto *data = reinterpret_cast<const std::uint8_t *>(wire.constData());
    if (Dns::parseQuery(data, std::size_t(wire.size()), view) != Dns::ParseError::None)
        return false;
    query.id = view.header.id;
    query.flags = view.header.flags;
    query.name = view.name.toByteArray();
    query.type = view.type;
    query.klass = view.klass;
    query.hasEdns = view.hasEdns;
    query.dnssecOk = view.dnssecOk;
    ++m_queriesByName[Dns::lowercasedName(query.name)];
    m_idsByName[Dns::lowercasedName(query.name)].append(query.id);
    return true;
}

FakeUpstream::Behaviour FakeUpstream::behaviourFor(const Query &query) const
{
    return m_behaviours.value(Dns::lowercasedName(query.name), m_default);
}

void FakeUpstream::answerUdp(const Query &query, const QHostAddress &to, quint16 port)
{
    const Behaviour behaviour = behaviourFor(query);
    if (behaviour.delayMs <= 0) {
        sendUdp(query, behaviour, to, port);
        return;
    }
    QTimer::singleShot(behaviour.delayMs, this,
                       [this, query, behaviour, to, port] { sendUdp(query, behaviour, to, port); });
}

void FakeUpstream::sendUdp(const Query &query, const Behaviour &behaviour, const QHostAddress &to,
                           quint16 port)
{
    if (!m_udp || behaviour.fault == Fault::Drop)
        return;
    const QList<QByteArray> bogus = bogusPackets(query, behaviour.fault);
    if (bogus.isEmpty()) {
        m_udp->writeDatagram(reply(query, behaviour.fault), to, port);
        return;
    }
    QUdpSocket *from = behaviour.fault == Fault::WrongSourcePort ? m_otherUdp : m_udp;
    for (const QByteArray &packet : bogus)
        from->writeDatagram(packet, to, port);
    if (behaviour.thenAnswer)
        m_udp->writeDatagram(reply(query, Fault::None), to, port);
}

void FakeUpstream::answerTcp(const Query &query, QTcpSocket *socket)
{
    const Behaviour behaviour = behaviourFor(query);
    if (behaviour.delayMs <= 0) {
        sendTcp(query, behaviour.tcpFault, socket);
        return;
    }
    QTimer::singleShot(behaviour.delayMs, this, [this, query, behaviour, guard = QPointer(socket)] {
        if (guard)
            sendTcp(query, behaviour.tcpFault, guard);
    });
}

void FakeUpstream::sendTcp(const Query &query, Fault fault, QTcpSocket *socket)
{
    if (fault == Fault::Drop)
        return;
    if (fault == Fault::CloseConnection) {
        socket->disconnectFromHost();
        return;
    }
    const QList<QByteArray> bogus = bogusPackets(query, fault);
    if (!bogus.isEmpty()) {
        socket->write(framed(bogus.constLast()));
        return;
    }
    socket->write(framed(reply(query, fault == Fault::Truncate ? Fault::None : fault)));
}

QByteArray FakeUpstream::reply(const Query &query, Fault fault) const
{
    const auto record = m_records.constFind(Dns::lowercasedName(query.name));
    const bool known = record != m_records.constEnd();
    quint16 rcode = known ? 0 : quint16(Dns::Rcode::NxDomain);
    if (fault == Fault::ServFail || fault == Fault::Refused)
        rcode = quint16(fault == Fault::ServFail ? Dns::Rcode::ServFail : Dns::Rcode::Refused);
    const bool withAnswer = known && rcode == 0 && query.type == quint16(Dns::Type::A) &&
                            query.klass == quint16(Dns::Class::IN) && fault != Fault::Truncate;
    const bool extras = withAnswer && fault == Fault::ExtraOutOfBailiwick;
    const bool soa = rcode == quint16(Dns::Rcode::NxDomain) && !m_soaZone.isEmpty();

    QByteArray out;
    appendU16(out, query.id);
    appendU16(out, quint16(Dns::Flag::QR | Dns::Flag::RA | (query.flags & Dns::Flag::RD) | rcode |
                           (fault == Fault::Truncate ? Dns::Flag::TC : 0)));
    appendU16(out, 1);
    appendU16(out, quint16((withAnswer ? 1 : 0) + (extras ? 1 : 0)));
    appendU16(out, soa ? 1 : 0);
    appendU16(out, quint16((extras ? 1 : 0) + (query.hasEdns ? 1 : 0)));
    out += query.name;
    appendU16(out, query.type);
    appendU16(out, query.klass);
    if (withAnswer)
        appendA(out, questionPointer, fault == Fault::HugeTtl ? 0xffffffffu : record->second,
                record->first);
    if (soa)
        appendSoa(out, m_soaZone, m_soaTtl);
    if (extras) {
        appendA(out, wire("elsewhere.test."), 86400, QHostAddress(QStringLiteral("192.0.2.66")));
        appendA(out, wire("ns.attacker.test."), 86400, QHostAddress(QStringLiteral("192.0.2.99")));
    }
    if (query.hasEdns) {
        out += '\0';
        appendU16(out, quint16(Dns::Type::OPT));
        appendU16(out, 1232);
        appendU32(out, query.dnssecOk ? Dns::ednsDoBit : 0);
        appendU16(out, 0);
    }
    return out;
}

QList<QByteArray> FakeUpstream::bogusPackets(const Query &query, Fault fault) const
{
    switch (fault) {
    case Fault::WrongId: {
        Query other = query;
        other.id = quint16(query.id + 1);
        return {reply(other, Fault::None)};
    }
    case Fault::WrongQuestion: {
        Query other = query;
        other.name = QByteArray("\x05wrong", 6) + query.name;
        return {reply(other, Fault::None)};
    }
    case Fault::Garbage: {
        QByteArray junk;
        appendU16(junk, query.id);
        appendU16(junk, Dns::Flag::QR);
        appendU16(junk, 1);
        appendU16(junk, 0);
        appendU16(junk, 0);
        appendU16(junk, 0);
        junk += QByteArray("\x3f"
                           "abc",
                           4); // a 63-byte label that ends after 3
        return {junk.left(5), junk};
    }
    case Fault::WrongSourcePort:
        return {reply(query, Fault::None)};
    default:
        return {};
    }
}

} // namespace Shoal::Test
