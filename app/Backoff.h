#pragma once

namespace Shoal::Tray {

// Delays between reconnection attempts: starts short, doubles after each failure, never
// exceeds a cap, and starts over after a success. So a restarted daemon is found again within
// the cap, and a daemon that stays away costs one attempt per cap interval.
class Backoff
{
public:
    Backoff(int firstMs = 250, int maxMs = 4000);

    // The delay before the next attempt; each call doubles the one after it, up to the cap.
    int next();
    void reset() { m_currentMs = 0; }

    int firstMs() const { return m_firstMs; }
    int maxMs() const { return m_maxMs; }

private:
    int m_firstMs;
    int m_maxMs;
    int m_currentMs = 0;
};

} // namespace Shoal::Tray
