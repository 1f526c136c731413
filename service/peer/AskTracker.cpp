#include "service/peer/AskTracker.h"

#include <QRandomGenerator>

namespace Shoal {

AskTracker::AskTracker(int capacity, qint64 timeoutMs)
    : m_capacity(qBound(1, capacity, 60000))
    , m_timeoutMs(timeoutMs)
{}

std::optional<AskTracker::Started> AskTracker::start(const Dns::Question &question,
                                                     AnswerFunction done, qint64 nowMs)
{
    if (m_asks.size() >= m_capacity)
        return std::nullopt;
    const std::uint16_t id = freshMessageId();
    const quint64 request = m_nextRequest++;
    m_asks.insert(id, Ask{request, Dns::cacheKey(question.name, question.type, question.klass),
                          nowMs + m_timeoutMs, std::move(done), false});
    // Fewer outstanding Asks than IDs, or freshMessageId() could loop for ever.
    Q_ASSERT(m_asks.size() <= m_capacity && m_capacity <= 60000);
    return Started{request, id};
}

std::uint16_t AskTracker::freshMessageId() const
{
    // At most 60000 of 65535 IDs are taken, so this ends quickly.
    for (;;) {
        const auto id = std::uint16_t(QRandomGenerator::system()->bounded(1, 65536));
        if (!m_asks.contains(id))
            return id;
    }
}

void AskTracker::cancel(quint64 request)
{
    for (auto it = m_asks.begin(); it != m_asks.end(); ++it) {
        if (it->request == request) {
            m_asks.erase(it);
            return;
        }
    }
}

const AskTracker::Ask *AskTracker::find(std::uint16_t messageId,
                                        const Dns::Question &question) const
{
    const auto it = m_asks.constFind(messageId);
    if (it == m_asks.cend() ||
        it->key != Dns::cacheKey(question.name, question.type, question.klass))
        return nullptr;
    return &*it;
}

AskTracker::Match AskTracker::match(std::uint16_t messageId, const Dns::Question &question) const
{
    const Ask *ask = find(messageId, question);
    if (!ask)
        return Match::None;
    return ask->answered ? Match::Answered : Match::Waiting;
}

AskTracker::AnswerFunction AskTracker::take(std::uint16_t messageId, const Dns::Question &question)
{
    if (match(messageId, question) != Match::Waiting)
        return {};
    Ask &ask = m_asks[messageId];
    ask.answered = true;
    return std::exchange(ask.done, {});
}

int AskTracker::expire(qint64 nowMs)
{
    int unanswered = 0;
    for (auto it = m_asks.begin(); it != m_asks.end();) {
        if (it->deadlineMs > nowMs) {
            ++it;
            continue;
        }
        unanswered += it->answered ? 0 : 1;
        it = m_asks.erase(it);
    }
    return unanswered;
}

qint64 AskTracker::nextDeadlineMs() const
{
    qint64 next = -1;
    for (const Ask &ask : m_asks) {
        if (next < 0 || ask.deadlineMs < next)
            next = ask.deadlineMs;
    }
    return next;
}

} // namespace Shoal
