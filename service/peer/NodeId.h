#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QHashFunctions>
#include <QString>
#include <optional>

namespace Shoal {

// A node's identity among its peers: 128 random bits, made once and kept in
// `<stateDir>/node-id` as 32 hex digits, so a restart or a new address does not make the node
// look like a stranger. Not a secret: it travels in every peer message.
class NodeId
{
public:
    static constexpr int size = 16;

    NodeId() = default;

    static NodeId random();
    // From exactly 16 bytes; nullopt otherwise, or for all zeros (which no node ever uses).
    static std::optional<NodeId> fromBytes(QByteArrayView bytes);
    // From exactly 32 hex digits (either case).
    static std::optional<NodeId> fromHex(QByteArrayView hex);

    // Reads the id from `<stateDir>/node-id`, or makes a new one and saves it there (atomically,
    // with QSaveFile). A file that does not hold a valid id is replaced and the replacement
    // logged. If the file cannot be written the id is still returned, for this run only, and
    // `error` says why.
    struct Loaded; // defined below, once NodeId is complete
    static Loaded loadOrCreate(const QString &stateDir);

    bool isNull() const { return m_bytes.isEmpty(); }
    const QByteArray &bytes() const { return m_bytes; }
    QByteArray toHex() const { return m_bytes.toHex(); }

    friend bool operator==(const NodeId &a, const NodeId &b) { return a.m_bytes == b.m_bytes; }
    friend bool operator!=(const NodeId &a, const NodeId &b) { return !(a == b); }

private:
    QByteArray m_bytes;
};

// The outcome of NodeId::loadOrCreate().
struct NodeId::Loaded
{
    NodeId id;
    enum Origin
    {
        Read,
        Created,
        Replaced
    } origin = Created;
    QString error; // why the id could not be saved; empty when it was
};

inline size_t qHash(const NodeId &id, size_t seed = 0)
{
    return qHash(id.bytes(), seed);
}

} // namespace Shoal
