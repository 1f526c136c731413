#pragma once

#include "service/upstream/UpstreamAddress.h"

#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringView>

namespace Shoal {

// Reads the upstream servers from a resolv.conf: its `nameserver` lines, port 53, minus every
// address that would reach this daemon itself, so shoald can never forward to itself when the
// system resolver points at it.
//
// An address reaches the daemon when it equals one of its listen addresses on port 53; when the
// daemon listens on a wildcard (0.0.0.0 or ::) on port 53 and the address is local (loopback or
// an address of this host); or when the address is itself a wildcard, which the kernel routes
// to this host.
//
// The file is read up to maxFileSize and at most maxNameservers are kept; lines that are not
// well-formed nameserver lines are skipped. Unlike glibc (three), more than three servers are
// used.
class ResolvConf
{
public:
    using ListenAddress = QPair<QHostAddress, quint16>;

    static constexpr qint64 maxFileSize = 64 * 1024;
    static constexpr int maxNameservers = 8;

    // Reads `path`; the host's own addresses come from QNetworkInterface.
    static QList<UpstreamAddress> read(const QString &path, const QList<ListenAddress> &ownListen);

    // The same on file contents, with the host's addresses given: the testable core.
    static QList<UpstreamAddress> parse(QStringView text, const QList<ListenAddress> &ownListen,
                                        const QList<QHostAddress> &localAddresses);

private:
    static std::optional<QHostAddress> nameserverOf(QStringView line);
    static bool reachesSelf(const QHostAddress &server, const QList<ListenAddress> &ownListen,
                            const QList<QHostAddress> &localAddresses);
};

} // namespace Shoal
