#include "service/peer/AnswerScheduler.h"

namespace Shoal {

AnswerScheduler::AnswerScheduler(int capacity, qint64 rememberMs)
    : m_capacity(qMax(1, capacity))
    , m_rememberMs(rememberMs)
{}

QByteArray AnswerScheduler::keyOf(const QString &group, std::uint16_t messageId,
                                  const Dns::Question &question)
{
    QByteArray key = group.toUtf8();
    key += '/';
    key += char(messageId >> 8);
    key += char(messageId & 0xff);
    key += Dns::cacheKey(question.name, question.type, question.klass);
    return key;
}

void AnswerScheduler::heard(const QString &group, std::uint16_t messageId,
                            const Dns::Question &question, qint64 nowMs, qint64 answerAtMs)
{
    forgetOld(nowMs);
    const QByteArray key = keyOf(group, messageId, question);
    if (m_entries.contains(key))
        return;
    if (m_entries.size() >= m_capacity)
        dropOldest();
    m_entries.insert(key, Entry{Due{group, messageId, question}, nowMs + m_rememberMs, answerAtMs});
    m_order.push_back(key);
    // Other members' Asks are outside input: what they make us remember stays bounded.
    Q_ASSERT(m_entries.size() <= m_capacity);
    Q_ASSERT(m_order.size() >= std::size_t(m_entries.size()));
}

bool AnswerScheduler::wasHeard(const QString &group, std::uint16_t messageId,
                               const Dns::Question &question) const
{
    return m_entries.contains(keyOf(group, messageId, question));
}

bool AnswerScheduler::suppress(const QString &group, std::uint16_t messageId,
                               const Dns::Question &question)
{
    const auto it = m_entries.find(keyOf(group, messageId, question));
    if (it == m_entries.end() || it->answerAtMs < 0)
        return false;
    it->answerAtMs = -1;
    return true;
}

QList<AnswerScheduler::Due> AnswerScheduler::takeDue(qint64 nowMs)
{
    QList<Due> due;
    for (Entry &entry : m_entries) {
        if (entry.answerAtMs >= 0 && entry.answerAtMs <= nowMs) {
            entry.answerAtMs = -1;
            due.append(entry.ask);
        }
    }
    forgetOld(nowMs);
    return due;
}

qint64 AnswerScheduler::nextWakeMs() const
{
    qint64 next = -1;
    for (const Entry &entry : m_entries) {
        const qint64 at = entry.answerAtMs >= 0 ? entry.answerAtMs : entry.forgetAtMs;
        if (next < 0 || at < next)
            next = at;
    }
    return next;
}

void AnswerScheduler::forgetOld(qint64 nowMs)
{
    while (!m_order.empty()) {
        const auto it = m_entries.find(m_order.front());
        if (it != m_entries.end() && it->forgetAtMs > nowMs)
            return;
        if (it != m_entries.end())
            m_entries.erase(it);
        m_order.pop_front();
    }
}

void AnswerScheduler::dropOldest()
{
    if (m_order.empty())
        return;
    m_entries.remove(m_order.front());
    m_order.pop_front();
    ++m_forgotten;
}

} // namespace Shoal
