#include "service/peer/GroupKey.h"

#include "service/peer/GroupName.h"

#include <QCryptographicHash>
#include <QPasswordDigestor>

namespace Shoal {

namespace {

void setError(QString *error, const QString &text)
{
    if (error)
        *error = text;
}

std::optional<QString> checkedGroup(QStringView group, QString *error)
{
    std::optional<QString> name = GroupName::normalized(group);
    if (!name)
        setError(error, QStringLiteral("invalid group name (1-63 characters of a-z, 0-9, -)"));
    return name;
}

} // namespace

std::optional<GroupKey> GroupKey::fromSecret(QStringView group, const QByteArray &secret,
                                             QString *error)
{
    const std::optional<QString> name = checkedGroup(group, error);
    if (!name)
        return std::nullopt;
    if (secret.size() < minSecretBytes || secret.size() > maxSecretBytes) {
        setError(error, QStringLiteral("secret is %1 bytes, must be %2 to %3")
                            .arg(secret.size())
                            .arg(minSecretBytes)
                            .arg(maxSecretBytes));
        return std::nullopt;
    }
    GroupKey key;
    key.m_group = *name;
    key.m_wireName = GroupName::toWireName(*name);
    key.m_secret = secret;
    return key;
}

std::optional<GroupKey> GroupKey::fromBase64(QStringView group, QStringView base64, QString *error)
{
    // Base64 of the largest allowed secret is 172 characters; refuse anything much longer
    // before decoding it.
    if (base64.size() > 4 * maxSecretBytes) {
        setError(error, QStringLiteral("secret is too long"));
        return std::nullopt;
    }
    const auto decoded =
        QByteArray::fromBase64Encoding(base64.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || base64.isEmpty()) {
        setError(error, QStringLiteral("secret is not valid base64"));
        return std::nullopt;
    }
    return fromSecret(group, decoded.decoded, error);
}

std::optional<GroupKey> GroupKey::fromPassphrase(QStringView group, const QString &passphrase,
                                                 QString *error)
{
    const QByteArray utf8 = passphrase.toUtf8();
    if (utf8.isEmpty() || utf8.size() > maxPassphraseBytes) {
        setError(error, QStringLiteral("passphrase must be 1 to %1 bytes").arg(maxPassphraseBytes));
        return std::nullopt;
    }
    const std::optional<QString> name = checkedGroup(group, error);
    if (!name)
        return std::nullopt;
    const QByteArray salt = "shoal-group:" + name->toLatin1();
    const QByteArray secret = QPasswordDigestor::deriveKeyPbkdf2(
        QCryptographicHash::Sha256, utf8, salt, pbkdf2Iterations, derivedSecretBytes);
    return fromSecret(*name, secret, error);
}

} // namespace Shoal
