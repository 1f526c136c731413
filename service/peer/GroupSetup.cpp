#include "service/peer/GroupSetup.h"

#include "service/peer/GroupAddress.h"
#include "service/peer/GroupName.h"
#include "service/peer/KeyFile.h"

namespace Shoal {

namespace {

bool fail(QString *error, const QString &why)
{
    if (error)
        *error = why;
    return false;
}

} // namespace

std::optional<JoinedGroup> GroupSetup::fromConfig(const GroupConfig &config, quint16 defaultPort,
                                                  QString *error)
{
    const std::optional<QString> name = GroupName::normalized(config.name);
    if (!name) {
        fail(error, QStringLiteral("'%1' is not a valid group name").arg(config.name.left(64)));
        return std::nullopt;
    }
    JoinedGroup group;
    group.name = *name;
    group.share = config.share;
    if (!config.open) {
        group.key = readKeyFile(*name, config.keyFile, error);
        if (!group.key)
            return std::nullopt;
        group.keyFile = config.keyFile;
    }
    if (!placeGroup(group, config.address, config.port, defaultPort, error))
        return std::nullopt;
    return group;
}

std::optional<JoinedGroup> GroupSetup::fromRequest(const Control::JoinRequest &request,
                                                   quint16 defaultPort, QString *error)
{
    const std::optional<QString> name = GroupName::normalized(request.name);
    if (!name) {
        fail(error, QStringLiteral("'%1' is not a valid group name").arg(request.name.left(64)));
        return std::nullopt;
    }
    JoinedGroup group;
    group.name = *name;
    group.configured = false;
    if (!request.open) {
        group.key = keyFromRequest(*name, request, error);
        if (!group.key)
            return std::nullopt;
        group.keyFile = request.keyFile;
    }
    QHostAddress address;
    if (!request.address.isEmpty() && !address.setAddress(request.address)) {
        fail(error, QStringLiteral("'%1' is not an IP address").arg(request.address.left(64)));
        return std::nullopt;
    }
    if (request.port < 0 || request.port > 65535) {
        fail(error, QStringLiteral("port %1 is out of range").arg(request.port));
        return std::nullopt;
    }
    if (!placeGroup(group, address, quint16(request.port), defaultPort, error))
        return std::nullopt;
    return group;
}

std::optional<GroupKey> GroupSetup::readKeyFile(const QString &group, const QString &path,
                                                QString *error)
{
    if (path.isEmpty()) {
        fail(error, QStringLiteral("group %1 has no key file").arg(group));
        return std::nullopt;
    }
    QString why;
    std::optional<GroupKey> key = KeyFile::read(path, &why);
    if (!key) {
        fail(error, QStringLiteral("cannot use key file %1: %2").arg(path, why));
        return std::nullopt;
    }
    if (key->group() != group) {
        fail(error, QStringLiteral("key file %1 holds the key of group %2, not %3")
                        .arg(path, key->group(), group));
        return std::nullopt;
    }
    return key;
}

std::optional<GroupKey> GroupSetup::keyFromRequest(const QString &group,
                                                   const Control::JoinRequest &request,
                                                   QString *error)
{
    if (!request.keyFile.isEmpty())
        return readKeyFile(group, request.keyFile, error);
    QString why;
    std::optional<GroupKey> key;
    if (!request.passphrase.isEmpty())
        key = GroupKey::fromPassphrase(group, request.passphrase, &why);
    else if (!request.secret.isEmpty())
        key = GroupKey::fromSecret(group, request.secret, &why);
    else
        why = QStringLiteral("no key given (key file, passphrase or secret), and not open");
    if (!key)
        fail(error, QStringLiteral("cannot join %1: %2").arg(group, why));
    return key;
}

bool GroupSetup::placeGroup(JoinedGroup &group, const QHostAddress &address, quint16 port,
                            quint16 defaultPort, QString *error)
{
    group.address = address.isNull() ? GroupAddress::forGroup(group.name) : address;
    group.port = port != 0 ? port : defaultPort;
    if (group.address.protocol() != QAbstractSocket::IPv4Protocol)
        return fail(error, QStringLiteral("group %1: only IPv4 multicast addresses are supported")
                               .arg(group.name));
    if (!group.address.isMulticast())
        return fail(error, QStringLiteral("group %1: %2 is not a multicast address")
                               .arg(group.name, group.address.toString()));
    if (group.port == 0)
        return fail(error, QStringLiteral("group %1 has no port").arg(group.name));
    return true;
}

} // namespace Shoal
