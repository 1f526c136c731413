#pragma once

#include "service/dns/Message.h"
#include "service/resolver/PeerAsker.h"

#include <QByteArray>
#include <QHash>
#include <QtGlobal>
#include <cstdint>
#include <optional>

namespace Shoal {

// The Asks this node has sent and is waiting on. Each gets a random non-zero 16-bit message ID
// (unique among those outstanding) and is kept for the ask timeout; an Answer is solicited
// only when its ID and question match one of them. The first acceptable Answer takes the
// callback; the Ask then stays until its timeout as answered, so later Answers to it are
// recognised as late rather than unsolicited.
//
// Time is a parameter; bounded to `capacity` outstanding Asks (start() refuses beyond).
class AskTracker
{
public:
    using AnswerFunction = PeerAsker::AnswerFunction;

    enum class Match
    {
        None,    // no outstanding Ask with this ID and question
        Waiting, // outstanding and not yet answered
        Answered // answered already: a late Answer
    };

    struct Started
    {
        quint64 request = 0; // for cancel(); never 0
        std::uint16_t messageId = 0;
    };

    AskTracker(int capacity, qint64 timeoutMs);

    // nullopt when `capacity` Asks are outstanding.
    std::optional<Started> start(const Dns::Question &question, AnswerFunction done, qint64 nowMs);
    void cancel(quint64 request);

    Match match(std::uint16_t messageId, const Dns::Question &question) const;
    // The callback of a Waiting Ask (marking it answered); empty otherwise.
    AnswerFunction take(std::uint16_t messageId, const Dns::Question &question);

    // Forgets every Ask whose timeout has passed; returns how many had no answer.
    int expire(qint64 nowMs);
    // When expire() next has work; -1 when nothing is outstanding.
    qint64 nextDeadlineMs() const;
    int size() const { return int(m_asks.size()); }

private:
    struct Ask
    {
        quint64 request = 0;
        QByteArray key; // Dns::cacheKey of the question
        qint64 deadlineMs = 0;
        AnswerFunction done;
        bool answered = false;
    };

    std::uint16_t freshMessageId() const;
    const Ask *find(std::uint16_t messageId, const Dns::Question &question) const;

    int m_capacity;
    qint64 m_timeoutMs;
    quint64 m_nextRequest = 1;
    QHash<std::uint16_t, Ask> m_asks;
};

} // namespace Shoal
