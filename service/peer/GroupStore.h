#pragma once

#include "service/peer/GroupKey.h"
#include "service/peer/JoinedGroup.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <optional>

namespace Shoal {

// Remembers the groups joined at run time across restarts: `<stateDir>/groups.json` lists them
// (name, key file, address, port, sharing, open), and a key given as a passphrase or base64
// secret is saved as `<stateDir>/groups/NAME.key` in the format of BIND's tsig-keygen, mode
// 0600, in a folder of mode 0700. Groups of the configuration are not listed: the
// configuration joins them at every start.
//
// groups.json is read as untrusted input: at most 64 KiB and 64 groups, and an entry with a
// bad name, address or port is skipped (and logged). Key material is never logged.
class GroupStore
{
public:
    static constexpr qint64 maxFileSize = 64 * 1024;
    static constexpr int maxGroups = 64;

    // An entry of groups.json: enough to join the group again (the key is read from keyFile).
    struct Entry
    {
        QString name;
        bool open = false;
        QString keyFile;
        bool keyStored = false;
        QString address;
        quint16 port = 0;
        bool share = true;
    };

    explicit GroupStore(QString stateDir);

    bool isEnabled() const { return !m_stateDir.isEmpty(); }
    QList<Entry> load() const;
    bool save(const QList<JoinedGroup> &groups, QString *error = nullptr) const;

    // Writes `<stateDir>/groups/NAME.key` and returns its path; empty with `error` on failure.
    QString saveKey(const GroupKey &key, QString *error = nullptr) const;
    void removeKey(const QString &group) const;
    QString keyPath(const QString &group) const;
    QString listPath() const;

    // The tsig-keygen form of `key`.
    static QByteArray keyFileText(const GroupKey &key);

private:
    static std::optional<Entry> entryFromJson(const QJsonObject &object);

    QString m_stateDir;
};

} // namespace Shoal
