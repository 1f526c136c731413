#include "service/peer/GroupStore.h"

#include "service/peer/GroupName.h"
#include "shared/LogCategories.h"

#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#ifdef Q_OS_UNIX
#include <sys/stat.h>
#endif

namespace Shoal {

namespace {

constexpr int formatVersion = 1;

bool fail(QString *error, const QString &why)
{
    if (error)
        *error = why;
    return false;
}

// Keeps the key away from other users before a single byte of it is written.
void restrictToOwner(QSaveFile &file)
{
#ifdef Q_OS_UNIX
    ::fchmod(file.handle(), S_IRUSR | S_IWUSR);
#else
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
#endif
}

bool writeAtomically(const QString &path, const QByteArray &bytes, bool secret, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return fail(error, file.errorString());
    if (secret)
        restrictToOwner(file);
    if (file.write(bytes) != bytes.size() || !file.commit())
        return fail(error, file.errorString());
    return true;
}

QJsonObject toJson(const JoinedGroup &group)
{
    QJsonObject object;
    object.insert(u"name"_qs, group.name);
    object.insert(u"open"_qs, !group.keyed());
    if (group.keyed()) {
        object.insert(u"keyFile"_qs, group.keyFile);
        object.insert(u"keyStored"_qs, group.keyStored);
    }
    object.insert(u"address"_qs, group.address.toString());
    object.insert(u"port"_qs, int(group.port));
    object.insert(u"share"_qs, group.share);
    return object;
}

} // namespace

GroupStore::GroupStore(QString stateDir)
    : m_stateDir(std::move(stateDir))
{}

QString GroupStore::listPath() const
{
    return m_stateDir + u"/groups.json"_qs;
}

QString GroupStore::keyPath(const QString &group) const
{
    return m_stateDir + u"/groups/"_qs + group + u".key"_qs;
}

QList<GroupStore::Entry> GroupStore::load() const
{
    QFile file(listPath());
    if (!isEnabled() || !file.exists())
        return {};
    if (file.size() > maxFileSize || !file.open(QIODevice::ReadOnly)) {
        qCWarning(lcPeer) << "groups file unreadable or too large, ignoring it:" << listPath();
        return {};
    }
    const QJsonDocument document = QJsonDocument::fromJson(file.read(maxFileSize));
    const QJsonArray array = document.object().value(u"groups"_qs).toArray();
    QList<Entry> entries;
    for (const QJsonValue &value : array) {
        if (entries.size() >= maxGroups)
            break;
        if (const std::optional<Entry> entry = entryFromJson(value.toObject()))
            entries.append(*entry);
        else
            qCWarning(lcPeer) << "groups file entry invalid, skipping it:" << listPath();
    }
    return entries;
}

std::optional<GroupStore::Entry> GroupStore::entryFromJson(const QJsonObject &object)
{
    Entry entry;
    const std::optional<QString> name = GroupName::normalized(object.value(u"name"_qs).toString());
    const int port = object.value(u"port"_qs).toInt(-1);
    entry.address = object.value(u"address"_qs).toString();
    if (!name || port < 0 || port > 65535 || QHostAddress(entry.address).isNull())
        return std::nullopt;
    entry.name = *name;
    entry.port = quint16(port);
    entry.open = object.value(u"open"_qs).toBool(false);
    entry.share = object.value(u"share"_qs).toBool(true);
    entry.keyFile = object.value(u"keyFile"_qs).toString();
    entry.keyStored = object.value(u"keyStored"_qs).toBool(false);
    if (!entry.open && !QDir::isAbsolutePath(entry.keyFile))
        return std::nullopt;
    return entry;
}

bool GroupStore::save(const QList<JoinedGroup> &groups, QString *error) const
{
    if (!isEnabled())
        return true;
    QJsonArray array;
    for (const JoinedGroup &group : groups) {
        if (!group.configured)
            array.append(toJson(group));
    }
    QJsonObject root;
    root.insert(u"version"_qs, formatVersion);
    root.insert(u"groups"_qs, array);
    if (!QDir().mkpath(m_stateDir))
        return fail(error, QStringLiteral("cannot create %1").arg(m_stateDir));
    return writeAtomically(listPath(), QJsonDocument(root).toJson(), false, error);
}

QString GroupStore::saveKey(const GroupKey &key, QString *error) const
{
    if (!isEnabled()) {
        fail(error, QStringLiteral("no state directory to keep the key in"));
        return {};
    }
    const QString folder = m_stateDir + u"/groups"_qs;
    if (!QDir().mkpath(folder)) {
        fail(error, QStringLiteral("cannot create %1").arg(folder));
        return {};
    }
    QFile::setPermissions(folder,
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    const QString path = keyPath(key.group());
    QString why;
    if (!writeAtomically(path, keyFileText(key), true, &why)) {
        fail(error, QStringLiteral("cannot write %1: %2").arg(path, why));
        return {};
    }
    return path;
}

void GroupStore::removeKey(const QString &group) const
{
    if (isEnabled())
        QFile::remove(keyPath(group));
}

QByteArray GroupStore::keyFileText(const GroupKey &key)
{
    return "key \"" + key.group().toLatin1() + "\" {\n\talgorithm hmac-sha256;\n\tsecret \"" +
           key.secret().toBase64() + "\";\n};\n";
}

} // namespace Shoal
