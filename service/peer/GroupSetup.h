#pragma once

#include "service/config/GroupConfig.h"
#include "service/peer/JoinedGroup.h"
#include "shared/control/ControlTypes.h"

#include <QString>
#include <optional>

namespace Shoal {

// Turns what an operator asked for -- a group of the configuration, or a join request from the
// control channel -- into a JoinedGroup: the key read or derived, the address and port filled
// in. Refuses with a sentence for a person, which never contains a passphrase or secret.
class GroupSetup
{
public:
    static std::optional<JoinedGroup> fromConfig(const GroupConfig &config, quint16 defaultPort,
                                                 QString *error);
    static std::optional<JoinedGroup> fromRequest(const Control::JoinRequest &request,
                                                  quint16 defaultPort, QString *error);

private:
    static std::optional<GroupKey> readKeyFile(const QString &group, const QString &path,
                                               QString *error);
    static std::optional<GroupKey>
    keyFromRequest(const QString &group, const Control::JoinRequest &request, QString *error);
    static bool placeGroup(JoinedGroup &group, const QHostAddress &address, quint16 port,
                           quint16 defaultPort, QString *error);
};

} // namespace Shoal
