#pragma once

#include <QByteArray>
#include <QString>

#include <functional>

namespace Shoal {

struct StoredAnswer;

// An answer a member of one of our groups gave to our question: a complete DNS response to
// it, already checked by the peering code (signature, membership, question, record owners).
struct PeerAnswer
{
    QByteArray wire;
    QString peerId; // the answering node's id
};

// How the resolver involves the interest groups: it asks them when the upstream is slow or
// down, and offers them what the upstream told it. Implemented by the peering component; the
// resolver works without one.
class PeerAsker
{
public:
    using AnswerFunction = std::function<void(const PeerAnswer &answer)>;

    virtual ~PeerAsker() = default;

    // Whether asking could help at all: at least one group has a member besides this node.
    virtual bool canAsk() const = 0;

    // Asks the groups for (wireName, type, klass). `done` is called at most once, never from
    // inside ask(), with the first acceptable answer; not at all when no member answers in
    // time or the question is private. Returns an id for cancel().
    virtual quint64 ask(const QByteArray &wireName, quint16 type, quint16 klass,
                        AnswerFunction done) = 0;
    virtual void cancel(quint64 id) = 0;

    // The upstream answered `answer` (already in the cache under its key): offer it to the
    // groups that share, unless its name is private.
    virtual void share(const StoredAnswer &answer) = 0;
};

} // namespace Shoal
