#include "service/upstream/ResolvConf.h"

#include "shared/LogCategories.h"

#include <QFile>
#include <QNetworkInterface>
#include <algorithm>

namespace Shoal {

namespace {

constexpr quint16 dnsPort = 53;

bool isWildcard(const QHostAddress &address)
{
    return address.isEqual(QHostAddress(QHostAddress::AnyIPv4), QHostAddress::StrictConversion) ||
           address.isEqual(QHostAddress(QHostAddress::AnyIPv6), QHostAddress::StrictConversion);
}

bool sameAddress(const QHostAddress &a, const QHostAddress &b)
{
    return a.isEqual(b, QHostAddress::ConvertV4MappedToIPv4);
}

bool isLocal(const QHostAddress &address, const QList<QHostAddress> &localAddresses)
{
    if (address.isLoopback() || isWildcard(address))
        return true;
    return std::any_of(localAddresses.begin(), localAddresses.end(),
                       [&](const QHostAddress &local) { return sameAddress(local, address); });
}

} // namespace

QList<UpstreamAddress> ResolvConf::read(const QString &path, const QList<ListenAddress> &ownListen)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        qCWarning(lcUpstream).nospace().noquote()
            << "cannot read resolver configuration " << path << ": " << file.errorString();
        return {};
    }
    const QString text = QString::fromUtf8(file.read(maxFileSize));
    return parse(text, ownListen, QNetworkInterface::allAddresses());
}

QList<UpstreamAddress> ResolvConf::parse(QStringView text, const QList<ListenAddress> &ownListen,
                                         const QList<QHostAddress> &localAddresses)
{
    QList<UpstreamAddress> servers;
    for (QStringView line : text.split(u'\n')) {
        const auto address = nameserverOf(line);
        if (!address || reachesSelf(*address, ownListen, localAddresses))
            continue;
        const UpstreamAddress server{*address, dnsPort};
        if (!servers.contains(server))
            servers.append(server);
        if (servers.size() == maxNameservers)
            break;
    }
    return servers;
}

std::optional<QHostAddress> ResolvConf::nameserverOf(QStringView line)
{
    const QString spaced = line.toString().replace(u'\t', u' ');
    const auto words = QStringView(spaced).split(u' ', Qt::SkipEmptyParts);
    if (words.size() < 2 || words.first() != u"nameserver")
        return std::nullopt;
    QHostAddress address;
    if (!address.setAddress(words.at(1).toString()))
        return std::nullopt;
    return address;
}

bool ResolvConf::reachesSelf(const QHostAddress &server, const QList<ListenAddress> &ownListen,
                             const QList<QHostAddress> &localAddresses)
{
    for (const ListenAddress &listen : ownListen) {
        if (listen.second != dnsPort)
            continue;
        if (sameAddress(listen.first, server) || isWildcard(server))
            return true;
        if (isWildcard(listen.first) && isLocal(server, localAddresses))
            return true;
    }
    return false;
}

} // namespace Shoal
