#pragma once

#include <QHostAddress>
#include <QObject>
#include <QString>

#include <sys/socket.h>

#include <array>
#include <cstdint>
#include <memory>

class QSocketNotifier;

namespace Shoal {

class ClientFilter;
class QueryGate;
class Resolver;

// One UDP listening socket. This is the cache-hit hot path, so it bypasses QUdpSocket: a plain
// non-blocking socket read with recvmmsg() in batches, each query checked and answered from the
// cache in place, and the replies of a batch sent with one sendmmsg(). Queries the cache cannot
// answer go to the Resolver, whose replies are sent one by one as they come.
class UdpListener : public QObject
{
    Q_OBJECT

public:
    UdpListener(QueryGate &gate, Resolver &resolver, const ClientFilter &filter,
                QObject *parent = nullptr);
    ~UdpListener() override;

    bool open(const QHostAddress &address, quint16 port, QString *error);
    quint16 localPort() const { return m_port; }

private:
    static constexpr int batchSize = 32;
    static constexpr std::size_t maxDatagram = 65535;
    // A reply buffer big enough for any answer an EDNS client may take over UDP.
    static constexpr std::size_t replyCapacity = 65536 + 512;

    struct Batch;

    void readPending();
    int receiveBatch();
    void handleDatagram(int index, int &replies);
    void sendBatch(int replies);
    void sendLater(const sockaddr_storage &to, socklen_t length, const QByteArray &reply);

    QueryGate &m_gate;
    Resolver &m_resolver;
    const ClientFilter &m_filter;
    int m_fd = -1;
    quint16 m_port = 0;
    QSocketNotifier *m_notifier = nullptr;
    std::unique_ptr<Batch> m_batch;
    quint64 *m_sendErrors = nullptr;
};

} // namespace Shoal
