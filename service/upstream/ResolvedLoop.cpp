#include "service/upstream/ResolvedLoop.h"

#include <QFile>
#include <QNetworkInterface>
#include <algorithm>

namespace Shoal {

bool ResolvedLoop::isResolvedStub(const UpstreamAddress &upstream)
{
    // DNSStubListener= answers on 127.0.0.53; 127.0.0.54 is its proxy-only listener (systemd 251).
    static const QHostAddress stub(QStringLiteral("127.0.0.53"));
    static const QHostAddress proxy(QStringLiteral("127.0.0.54"));
    return upstream.port == 53 &&
           (upstream.address.isEqual(stub, QHostAddress::ConvertV4MappedToIPv4) ||
            upstream.address.isEqual(proxy, QHostAddress::ConvertV4MappedToIPv4));
}

QString ResolvedLoop::check(const QList<UpstreamAddress> &upstreams,
                            const QList<ResolvConf::ListenAddress> &ownListen,
                            QStringView resolvedServers, const QList<QHostAddress> &localAddresses)
{
    const auto stub = std::find_if(upstreams.begin(), upstreams.end(), isResolvedStub);
    if (stub == upstreams.end())
        return {};
    // ResolvConf leaves out exactly the servers that reach shoald: any left out is a loop.
    const QList<UpstreamAddress> all = ResolvConf::parse(resolvedServers, {}, localAddresses);
    const QList<UpstreamAddress> others =
        ResolvConf::parse(resolvedServers, ownListen, localAddresses);
    for (const UpstreamAddress &server : all) {
        if (!others.contains(server)) {
            return QStringLiteral("upstream %1 is systemd-resolved, which forwards to %2, where "
                                  "shoald answers: shoald would forward to itself. Give the "
                                  "servers of %3 as upstreams instead")
                .arg(stub->toString(), server.address.toString(),
                     QString::fromLatin1(resolvedServersPath));
        }
    }
    return {};
}

QString ResolvedLoop::checkFile(const QList<UpstreamAddress> &upstreams,
                                const QList<ResolvConf::ListenAddress> &ownListen,
                                const QString &path)
{
    if (std::none_of(upstreams.begin(), upstreams.end(), isResolvedStub))
        return {};
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return check(upstreams, ownListen, QString::fromUtf8(file.read(ResolvConf::maxFileSize)),
                 QNetworkInterface::allAddresses());
}

} // namespace Shoal
