#pragma once

#include "service/dns/Message.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <cstdint>
#include <deque>

namespace Shoal {

// The Asks of other members this node has heard, kept for the ask timeout. For those it can
// answer it holds the time the Answer is due: a random delay after the Ask, so that when
// another member's Answer is heard first this node stays silent (mDNS-style suppression, RFC
// 6762 section 6) and a question costs about one Answer however large the group. Remembering
// the Asks also lets a node learn the Answers others get (only an Answer to an Ask that was
// heard is taken unasked).
//
// Time is a parameter; bounded to `capacity` Asks, the oldest forgotten first.
class AnswerScheduler
{
public:
    struct Due
    {
        QString group;
        std::uint16_t messageId = 0;
        Dns::Question question;
    };

    AnswerScheduler(int capacity, qint64 rememberMs);

    // An Ask was heard. `answerAtMs` < 0: this node has nothing to answer with. An Ask heard
    // again (same group, ID and question) keeps its first schedule.
    void heard(const QString &group, std::uint16_t messageId, const Dns::Question &question,
               qint64 nowMs, qint64 answerAtMs);
    bool wasHeard(const QString &group, std::uint16_t messageId,
                  const Dns::Question &question) const;
    // Another member answered: cancels our pending Answer to it. True when one was cancelled.
    bool suppress(const QString &group, std::uint16_t messageId, const Dns::Question &question);
    // The Answers due at `nowMs`, each returned once; also forgets Asks older than rememberMs.
    QList<Due> takeDue(qint64 nowMs);
    // When takeDue() next has work; -1 when nothing is remembered.
    qint64 nextWakeMs() const;
    int size() const { return int(m_entries.size()); }
    quint64 forgotten() const { return m_forgotten; }

private:
    struct Entry
    {
        Due ask;
        qint64 forgetAtMs = 0;
        qint64 answerAtMs = -1; // -1: nothing (more) to send
    };

    static QByteArray keyOf(const QString &group, std::uint16_t messageId,
                            const Dns::Question &question);
    void forgetOld(qint64 nowMs);
    void dropOldest();

    int m_capacity;
    qint64 m_rememberMs;
    QHash<QByteArray, Entry> m_entries;
    std::deque<QByteArray> m_order; // keys, oldest first
    quint64 m_forgotten = 0;
};

} // namespace Shoal
