#pragma once

#include <QByteArray>
#include <QString>
#include <QStringView>
#include <optional>

namespace Shoal {

// The shared secret of a keyed group, used as the HMAC-SHA256 key of its TSIG records. The key
// name is always the group name. It comes from a passphrase (PBKDF2, so every member that types
// the same words derives the same key), from a base64 secret, or from a BIND key file (KeyFile).
// Constructors check the group name and the secret's size and report why they refuse.
class GroupKey
{
public:
    static constexpr int minSecretBytes = 16;
    static constexpr int maxSecretBytes = 128;
    static constexpr int maxPassphraseBytes = 1024;
    static constexpr int pbkdf2Iterations = 100'000;
    static constexpr int derivedSecretBytes = 32;

    GroupKey() = default;

    static std::optional<GroupKey> fromSecret(QStringView group, const QByteArray &secret,
                                              QString *error = nullptr);
    static std::optional<GroupKey> fromBase64(QStringView group, QStringView base64,
                                              QString *error = nullptr);
    // PBKDF2-HMAC-SHA256 over the UTF-8 passphrase, salt "shoal-group:" + group name.
    static std::optional<GroupKey> fromPassphrase(QStringView group, const QString &passphrase,
                                                  QString *error = nullptr);

    bool isValid() const { return !m_secret.isEmpty(); }
    const QString &group() const { return m_group; }
    // The TSIG key name: the group name as a one-label DNS name, lower case.
    const QByteArray &wireName() const { return m_wireName; }
    const QByteArray &secret() const { return m_secret; }

private:
    QString m_group;
    QByteArray m_wireName;
    QByteArray m_secret;
};

} // namespace Shoal
