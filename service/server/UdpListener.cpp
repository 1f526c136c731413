#include "service/server/UdpListener.h"

#include <QSocketNotifier>

#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "service/dns/Message.h"
#include "service/dns/MessageBuilder.h"
#include "service/resolver/Resolver.h"
#include "service/server/ClientFilter.h"
#include "service/server/QueryGate.h"
#include "shared/LogCategories.h"

namespace Shoal {

// Receive and send buffers for one batch, allocated once per listener.
struct UdpListener::Batch
{
    std::array<mmsghdr, batchSize> receiveHeaders{};
    std::array<iovec, batchSize> receiveVectors{};
    std::array<sockaddr_storage, batchSize> sources{};
    std::array<mmsghdr, batchSize> sendHeaders{};
    std::array<iovec, batchSize> sendVectors{};
    std::unique_ptr<std::uint8_t[]> datagrams =
        std::make_unique<std::uint8_t[]>(std::size_t(batchSize) * maxDatagram);
    std::unique_ptr<std::uint8_t[]> replies =
        std::make_unique<std::uint8_t[]>(std::size_t(batchSize) * replyCapacity);
    Dns::QueryView query;

    std::uint8_t *datagram(int index) { return datagrams.get() + std::size_t(index) * maxDatagram; }
    std::uint8_t *reply(int index) { return replies.get() + std::size_t(index) * replyCapacity; }
};

UdpListener::UdpListener(QueryGate &gate, Resolver &resolver, const ClientFilter &filter,
                         QObject *parent)
    : QObject(parent)
    , m_gate(gate)
    , m_resolver(resolver)
    , m_filter(filter)
    , m_batch(std::make_unique<Batch>())
{
}

UdpListener::~UdpListener()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

bool UdpListener::open(const QHostAddress &address, quint16 port, QString *error)
{
    sockaddr_storage storage{};
    socklen_t length = 0;
    const bool v6 = address.protocol() == QAbstractSocket::IPv6Protocol;
    if (v6) {
        auto *sin6 = reinterpret_cast<sockaddr_in6 *>(&storage);
        sin6->sin6_family = AF_INET6;
        sin6->sin6_port = htons(port);
        const Q_IPV6ADDR bytes = address.toIPv6Address();
        std::memcpy(&sin6->sin6_addr, bytes.c, sizeof(bytes.c));
        sin6->sin6_scope_id = address.scopeId().toUInt();
        length = sizeof(sockaddr_in6);
    } else {
        auto *sin = reinterpret_cast<sockaddr_in *>(&storage);
        sin->sin_family = AF_INET;
        sin->sin_port = htons(port);
        sin->sin_addr.s_addr = htonl(address.toIPv4Address());
        length = sizeof(sockaddr_in);
    }

    m_fd = ::socket(v6 ? AF_INET6 : AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (m_fd < 0) {
        *error = QString::fromLocal8Bit(std::strerror(errno));
        return false;
    }
    const int on = 1;
    if (v6)
        ::setsockopt(m_fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on));
    // A burst of queries from a busy workstation should wait in the kernel, not be lost.
    const int receiveBuffer = 1 << 20;
    ::setsockopt(m_fd, SOL_SOCKET, SO_RCVBUF, &receiveBuffer, sizeof(receiveBuffer));
    if (::bind(m_fd, reinterpret_cast<sockaddr *>(&storage), length) < 0) {
        *error = QString::fromLocal8Bit(std::strerror(errno));
        ::close(m_fd);
        m_fd = -1;
        return false;
    }
    length = sizeof(storage);
    ::getsockname(m_fd, reinterpret_cast<sockaddr *>(&storage), &length);
    m_port = ntohs(v6 ? reinterpret_cast<sockaddr_in6 *>(&storage)->sin6_port
                      : reinterpret_cast<sockaddr_in *>(&storage)->sin_port);

    m_notifier = new QSocketNotifier(m_fd, QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &UdpListener::readPending);
    return true;
}

void UdpListener::readPending()
{
    // A bounded number of batches per wake-up keeps TCP clients and timers served under load.
    for (int round = 0; round < 8; ++round) {
        const int received = receiveBatch();
        if (received <= 0)
            return;
        int replies = 0;
        for (int i = 0; i < received; ++i)
            handleDatagram(i, replies);
        sendBatch(replies);
        if (received < batchSize)
            return;
    }
}

int UdpListener::receiveBatch()
{
    Batch &batch = *m_batch;
    for (int i = 0; i < batchSize; ++i) {
        batch.receiveVectors[i] = {batch.datagram(i), maxDatagram};
        msghdr &header = batch.receiveHeaders[i].msg_hdr;
        header = {};
        header.msg_name = &batch.sources[i];
        header.msg_namelen = sizeof(sockaddr_storage);
        header.msg_iov = &batch.receiveVectors[i];
        header.msg_iovlen = 1;
    }
    const int received = ::recvmmsg(m_fd, batch.receiveHeaders.data(), batchSize, MSG_DONTWAIT,
                                    nullptr);
    if (received < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
        qCWarning(lcDns) << "receiving on UDP port" << m_port << "failed:" << std::strerror(errno);
    return received;
}

void UdpListener::handleDatagram(int index, int &replies)
{
    Batch &batch = *m_batch;
    const auto *source = reinterpret_cast<const sockaddr *>(&batch.sources[index]);
    const socklen_t sourceLength = batch.receiveHeaders[index].msg_hdr.msg_namelen;
    const std::uint8_t *data = batch.datagram(index);
    const std::size_t size = batch.receiveHeaders[index].msg_len;

    if (!m_filter.allows(source)) {
        // Dropped rather than REFUSED: an answer to a spoofed source would make us a reflector.
        m_gate.countNotAllowed("UDP client not allowed");
        return;
    }
    const QueryGate::Result verdict = m_gate.check(data, size, batch.query);
    std::size_t replySize = 0;
    std::uint8_t *reply = batch.reply(replies);
    if (verdict.verdict == QueryGate::Verdict::Drop)
        return;
    if (verdict.verdict == QueryGate::Verdict::Reply) {
        const QByteArray error = Dns::MessageBuilder::errorReply(
            QByteArrayView(reinterpret_cast<const char *>(data), qsizetype(size)), verdict.rcode);
        replySize = std::size_t(error.size());
        std::memcpy(reply, error.constData(), replySize);
    } else {
        replySize = m_resolver.answerFromCache(batch.query, true, reply, replyCapacity);
    }

    if (replySize == 0) {
        const sockaddr_storage to = batch.sources[index];
        m_resolver.resolve(QByteArray(reinterpret_cast<const char *>(data), qsizetype(size)), true,
                           [this, to, sourceLength](const QByteArray &answer) {
                               sendLater(to, sourceLength, answer);
                           });
        return;
    }
    batch.sendVectors[replies] = {reply, replySize};
    msghdr &header = batch.sendHeaders[replies].msg_hdr;
    header = {};
    header.msg_name = &batch.sources[index];
    header.msg_namelen = sourceLength;
    header.msg_iov = &batch.sendVectors[replies];
    header.msg_iovlen = 1;
    ++replies;
}

void UdpListener::sendBatch(int replies)
{
    int sent = 0;
    while (sent < replies) {
        const int result = ::sendmmsg(m_fd, m_batch->sendHeaders.data() + sent,
                                      unsigned(replies - sent), MSG_DONTWAIT);
        if (result <= 0) {
            // The socket buffer is full or the client went away: UDP replies are best effort.
            qCDebug(lcDns) << "sending UDP replies failed:" << std::strerror(errno);
            return;
        }
        sent += result;
    }
}

void UdpListener::sendLater(const sockaddr_storage &to, socklen_t length, const QByteArray &reply)
{
    if (m_fd < 0)
        return;
    ::sendto(m_fd, reply.constData(), std::size_t(reply.size()), MSG_DONTWAIT,
             reinterpret_cast<const sockaddr *>(&to), length);
}

} // namespace Shoal
