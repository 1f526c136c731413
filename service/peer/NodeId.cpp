#include "service/peer/NodeId.h"

#include "shared/LogCategories.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QSaveFile>
#include <algorithm>

namespace Shoal {

namespace {

constexpr qint64 maxFileBytes = 256; // 32 hex digits and a line end; more means it is not ours

bool isHexDigit(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

QString saveId(const QString &path, const NodeId &id)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return file.errorString();
    file.write(id.toHex() + '\n');
    if (!file.commit())
        return file.errorString();
    return {};
}

} // namespace

NodeId NodeId::random()
{
    NodeId id;
    id.m_bytes.resize(size);
    do {
        QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(id.m_bytes.data()),
                                              size / 4);
    } while (id.m_bytes.count('\0') == size);
    return id;
}

std::optional<NodeId> NodeId::fromBytes(QByteArrayView bytes)
{
    if (bytes.size() != size || bytes.count('\0') == size)
        return std::nullopt;
    NodeId id;
    id.m_bytes = bytes.toByteArray();
    return id;
}

std::optional<NodeId> NodeId::fromHex(QByteArrayView hex)
{
    if (hex.size() != 2 * size || !std::all_of(hex.begin(), hex.end(), isHexDigit))
        return std::nullopt;
    return fromBytes(QByteArray::fromHex(hex.toByteArray()));
}

NodeId::Loaded NodeId::loadOrCreate(const QString &stateDir)
{
    const QString path = QDir(stateDir).filePath(QStringLiteral("node-id"));
    Loaded loaded;
    QFile file(path);
    if (file.open(QIODevice::ReadOnly)) {
        const std::optional<NodeId> stored = fromHex(file.read(maxFileBytes).trimmed());
        if (stored) {
            loaded.id = *stored;
            loaded.origin = Loaded::Read;
            return loaded;
        }
        loaded.origin = Loaded::Replaced;
        qCWarning(lcPeer) << "node id file corrupt, replacing it" << path;
    }
    loaded.id = random();
    loaded.error = saveId(path, loaded.id);
    if (!loaded.error.isEmpty())
        qCWarning(lcPeer) << "node id not saved, it will change at restart" << path << loaded.error;
    return loaded;
}

} // namespace Shoal
