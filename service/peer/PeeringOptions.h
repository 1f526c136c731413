#pragma once

#include <QString>
#include <QStringList>
#include <QtGlobal>

namespace Shoal {

// The knobs of the peering runtime. The daemon uses the defaults (the values docs/protocol.md
// gives); tests shorten the intervals.
struct PeeringOptions
{
    // Directory of node-id, groups.json and groups/NAME.key; empty: nothing is kept.
    QString stateDir;
    // Network interface for group traffic; empty: the first up, multicast-capable interface
    // that is not loopback (loopback when there is none).
    QString interfaceName;
    // Port of a group whose configuration names none.
    quint16 defaultPort = 15353;
    // Names at or below these (presentation form, e.g. "corp.test.") are never asked, answered
    // or shared.
    QStringList privateDomains;
    // Announced in presence messages.
    QString hostName;
    QString version;

    int announceIntervalMs = 60'000;
    int announceJitterPercent = 10;
    // Shortest gap between two announcements to one group sent because a newcomer appeared.
    int newcomerAnnounceGapMs = 1000;
    int askTimeoutMs = 2000;
    // The window for an Ask from a member whose upstream is up: it asked because its upstream
    // did not answer within the hedge delay (30 ms or more), so its client is already waiting.
    // mDNS spreads shared answers over 20-120 ms; 10-60 ms still spreads the holders far
    // wider than a LAN's delivery time, and keeps hedge delay plus answer under 150 ms.
    int answerDelayMinMs = 10;
    int answerDelayMaxMs = 60;
    // The window for an Ask from a member that announced an outage: its client has no other
    // source and is waiting, so a few duplicate Answers are worth a much shorter wait. Still
    // random, so that on a LAN the first holder's Answer mostly suppresses the others.
    int urgentAnswerDelayMinMs = 0;
    int urgentAnswerDelayMaxMs = 15;
    // Asks of ours waiting for an answer at once; further asks are not sent.
    int maxOutstandingAsks = 1024;
    // Asks of others remembered (for answering, suppression and learning) at once.
    int maxHeardAsks = 1024;
    // Shares this node sends: a token bucket.
    int sharesPerSecond = 20;
    int shareBurst = 100;
};

} // namespace Shoal
