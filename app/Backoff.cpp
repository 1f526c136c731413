#include "app/Backoff.h"

#include <algorithm>

namespace Shoal::Tray {

Backoff::Backoff(int firstMs, int maxMs)
    : m_firstMs(std::max(1, firstMs))
    , m_maxMs(std::max(m_firstMs, maxMs))
{}

int Backoff::next()
{
    m_currentMs = m_currentMs == 0 ? m_firstMs : std::min(m_maxMs, m_currentMs * 2);
    return m_currentMs;
}

} // namespace Shoal::Tray
