#include "service/upstream/UpstreamExchange.h"

#include "service/common/Clock.h"
#include "service/dns/DnsTypes.h"
#include "service/upstream/UpstreamCounters.h"

#include <QNetworkDatagram>
#include <QNetworkProxy>
#include <QTcpSocket>
#include <QUdpSocket>

namespace Shoal {

namespace {

constexpr qsizetype tcpFrameLimit = 2 + Dns::maxMessageSize;

QHostAddress wildcardFor(const QHostAddress &server)
{
    // Any (dual stack) rather than AnyIPv6, so a v4-mapped server address works too.
    return server.protocol() == QAbstractSocket::IPv4Protocol ? QHostAddress(QHostAddress::AnyIPv4)
                                                              : QHostAddress(QHostAddress::Any);
}

QByteArray lengthPrefixed(const QByteArray &message)
{
    QByteArray framed(2, '\0');
    Dns::writeU16(reinterpret_cast<std::uint8_t *>(framed.data()), std::uint16_t(message.size()));
    return framed + message;
}

QString describeSender(const QNetworkDatagram &datagram)
{
    return UpstreamAddress{datagram.senderAddress(), quint16(datagram.senderPort())}.toString();
}

} // namespace

UpstreamExchange::UpstreamExchange(Setup setup, UpstreamCounters &counters, const Clock &clock,
                                   QObject *parent)
    : QObject(parent)
    , m_setup(std::move(setup))
    , m_counters(counters)
    , m_clock(clock)
{
    m_timer.setSingleShot(true);
    // Coarse timers may fire 5 % early, which would cut an attempt short of its timeout.
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &UpstreamExchange::onTimeout);
}

UpstreamExchange::~UpstreamExchange() = default;

void UpstreamExchange::start()
{
    // Unconnected on purpose, so replies from a wrong source reach us and are counted. The
    // price: Linux reports ICMP "port unreachable" only on connected sockets, so a server with
    // a closed port costs a full timeout instead of failing at once.
    m_udp = new QUdpSocket(this);
    // DNS to the site's server never goes through a proxy. Without this, Qt asks the system's
    // proxy configuration (libproxy, on a thread of its own that reads /etc/services twice)
    // for every new socket, while this thread waits: about 1 ms of a cold miss under strace,
    // and whatever a proxy configuration tells libproxy to look up.
    m_udp->setProxy(QNetworkProxy::NoProxy);
    if (!m_udp->bind(wildcardFor(m_setup.server.address), 0)) {
        failLater(QStringLiteral("cannot open a UDP socket: ") + m_udp->errorString());
        return;
    }
    connect(m_udp, &QUdpSocket::readyRead, this, &UpstreamExchange::readUdp);

    m_sentAt.start();
    const qint64 written =
        m_udp->writeDatagram(m_setup.query, m_setup.server.address, m_setup.server.port);
    if (written != m_setup.query.size()) {
        failLater(QStringLiteral("cannot send: ") + m_udp->errorString());
        return;
    }
    // Connected only now: a failed send reports its error synchronously, inside start().
    connect(m_udp, &QUdpSocket::errorOccurred, this,
            [this] { fail(Outcome::Kind::NetworkError, m_udp->errorString()); });
    m_timer.start(m_setup.udpTimeoutMs);
}

void UpstreamExchange::readUdp()
{
    while (m_udp && !m_done && m_udp->hasPendingDatagrams()) {
        const QNetworkDatagram datagram = m_udp->receiveDatagram(Dns::maxMessageSize);
        if (!datagram.isValid())
            return;
        handleDatagram(datagram);
    }
}

void UpstreamExchange::handleDatagram(const QNetworkDatagram &datagram)
{
    if (datagram.senderPort() != m_setup.server.port ||
        !datagram.senderAddress().isEqual(m_setup.server.address,
                                          QHostAddress::ConvertV4MappedToIPv4)) {
        m_counters.countDrop(ReplyCheck::Verdict::WrongSource, describeSender(datagram),
                             m_clock.nowMs());
        return;
    }

    Dns::Message parsed;
    const QByteArray wire = datagram.data();
    const auto verdict = ReplyCheck::check(wire, m_setup.expected, parsed);
    if (verdict != ReplyCheck::Verdict::Accept) {
        m_counters.countDrop(verdict, describeSender(datagram), m_clock.nowMs());
        return;
    }

    m_outcome.rttMs = m_sentAt.elapsed();
    if (parsed.header.isTruncated())
        switchToTcp();
    else
        succeed(wire, std::move(parsed));
}

void UpstreamExchange::switchToTcp()
{
    ++m_counters.tcpFallbacks;
    m_udp->disconnect(this);
    m_udp->deleteLater();
    m_udp = nullptr;

    m_tcp = new QTcpSocket(this);
    m_tcp->setProxy(QNetworkProxy::NoProxy); // as for UDP, in start()
    m_tcp->setReadBufferSize(tcpFrameLimit); // a server cannot make us buffer more than a frame
    connect(m_tcp, &QTcpSocket::connected, this, &UpstreamExchange::sendTcp);
    connect(m_tcp, &QTcpSocket::readyRead, this, &UpstreamExchange::readTcp);
    connect(m_tcp, &QTcpSocket::errorOccurred, this, &UpstreamExchange::onTcpError);
    m_tcpStartedAt.start();
    if (!m_overdue) // once overdue, the owner decides how long to listen
        m_timer.start(m_setup.tcpTimeoutMs);
    m_tcp->connectToHost(m_setup.server.address, m_setup.server.port);
}

void UpstreamExchange::sendTcp()
{
    m_tcp->write(lengthPrefixed(m_setup.query));
}

void UpstreamExchange::readTcp()
{
    m_tcpBuffer += m_tcp->read(tcpFrameLimit - m_tcpBuffer.size());
    if (m_tcpBuffer.size() < 2)
        return;
    const qsizetype length =
        Dns::readU16(reinterpret_cast<const std::uint8_t *>(m_tcpBuffer.constData()));
    if (m_tcpBuffer.size() < 2 + length)
        return;
    handleTcpReply(QByteArrayView(m_tcpBuffer).sliced(2, length));
}

void UpstreamExchange::handleTcpReply(QByteArrayView reply)
{
    Dns::Message parsed;
    const auto verdict = ReplyCheck::check(reply, m_setup.expected, parsed);
    if (verdict == ReplyCheck::Verdict::Accept) {
        m_outcome.overTcp = true;
        succeed(reply.toByteArray(), std::move(parsed));
        return;
    }
    // One connection carries one question: a wrong reply on it will not be followed by a
    // right one.
    m_counters.countDrop(verdict, m_setup.server.toString() + QStringLiteral(" over TCP"),
                         m_clock.nowMs());
    fail(Outcome::Kind::NetworkError, QStringLiteral("unusable reply over TCP: ") +
                                          QLatin1StringView(ReplyCheck::verdictName(verdict)));
}

void UpstreamExchange::onTcpError()
{
    fail(Outcome::Kind::NetworkError, QStringLiteral("TCP: ") + m_tcp->errorString());
}

void UpstreamExchange::stop()
{
    m_done = true;
    m_timer.stop();
    closeSockets();
}

QString UpstreamExchange::silenceText() const
{
    if (m_tcpStartedAt.isValid()) {
        return QStringLiteral("no TCP answer within ") + QString::number(m_tcpStartedAt.elapsed()) +
               QStringLiteral(" ms");
    }
    const qint64 waited = m_sentAt.isValid() ? m_sentAt.elapsed() : 0;
    return QStringLiteral("no answer within ") + QString::number(waited) + QStringLiteral(" ms");
}

void UpstreamExchange::onTimeout()
{
    if (m_done || m_overdue)
        return;
    m_overdue = true;
    emit timedOut();
}

void UpstreamExchange::succeed(QByteArray wire, Dns::Message parsed)
{
    if (m_done)
        return;
    m_done = true;
    m_timer.stop();
    closeSockets();
    m_outcome.kind = Outcome::Kind::Reply;
    m_outcome.late = m_overdue;
    m_outcome.wire = std::move(wire);
    m_outcome.parsed = std::move(parsed);
    emit finished();
}

void UpstreamExchange::fail(Outcome::Kind kind, const QString &error)
{
    if (m_done)
        return;
    m_done = true;
    m_timer.stop();
    closeSockets();
    m_outcome.kind = kind;
    m_outcome.error = error;
    emit finished();
}

void UpstreamExchange::failLater(const QString &error)
{
    QTimer::singleShot(0, this, [this, error] { fail(Outcome::Kind::NetworkError, error); });
}

void UpstreamExchange::closeSockets()
{
    // Called from the sockets' own signals, so they are deleted later, not now.
    for (QAbstractSocket *socket :
         {static_cast<QAbstractSocket *>(m_udp), static_cast<QAbstractSocket *>(m_tcp)}) {
        if (!socket)
            continue;
        socket->disconnect(this);
        socket->abort();
        socket->deleteLater();
    }
    m_udp = nullptr;
    m_tcp = nullptr;
}

} // namespace Shoal
