#include "app/ControlRequests.h"

#include "shared/control/ControlProtocol.h"

namespace Shoal::Tray::ControlRequests {

namespace {

using namespace Qt::StringLiterals;

} // namespace

QJsonObject join(const Control::JoinRequest &request)
{
    QJsonObject params{{"name"_L1, request.name}};
    if (request.open)
        params.insert("open"_L1, true);
    else if (!request.keyFile.isEmpty())
        params.insert("keyFile"_L1, request.keyFile);
    else if (!request.passphrase.isEmpty())
        params.insert("passphrase"_L1, request.passphrase);
    else if (!request.secret.isEmpty())
        params.insert("secret"_L1, QString::fromLatin1(request.secret.toBase64()));
    if (!request.address.isEmpty())
        params.insert("address"_L1, request.address);
    if (request.port > 0)
        params.insert("port"_L1, request.port);
    return params;
}

QJsonObject leave(const QString &group)
{
    return {{"name"_L1, group}};
}

QJsonObject cache(const Control::CacheQuery &query)
{
    QJsonObject params{{"sort"_L1, Control::cacheSortName(query.sort)},
                       {"descending"_L1, query.descending},
                       {"offset"_L1, query.offset},
                       {"limit"_L1, query.limit}};
    if (!query.nameContains.isEmpty())
        params.insert("name"_L1, query.nameContains);
    if (query.staleOnly)
        params.insert("stale"_L1, true);
    return params;
}

QJsonObject flush(const QString &name)
{
    if (name.isEmpty())
        return {};
    return {{"name"_L1, name}};
}

QJsonObject events(quint64 after, int limit)
{
    return {{"after"_L1, qint64(after)}, {"limit"_L1, limit}};
}

} // namespace Shoal::Tray::ControlRequests
