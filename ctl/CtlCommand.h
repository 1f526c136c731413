#pragma once

#include <QString>
#include <optional>

namespace Shoal::Ctl {

// One shoalctl invocation, as read from the command line.
struct CtlCommand
{
    enum class Verb
    {
        Status,
        Counters,
        Peers,
        Groups,
        Join,
        Leave,
        Cache,
        Flush,
        Events,
        Watch
    };

    Verb verb = Verb::Status;
    QString socketPath;
    bool json = false;

    QString name;    // join, leave: the group; cache: a name substring; flush: the name
    QString keyFile; // join: absolute path
    QString secret;  // join: base64
    bool open = false;
    bool passphraseNeeded = false; // join without any key option: ask for a passphrase
    QString address;
    int port = 0;

    QString type;    // cache
    int limit = 100; // cache, events
    int offset = 0;  // cache
    QString sort;    // cache
    bool descending = false;
    bool staleOnly = false;

    bool subtree = false; // flush
};

} // namespace Shoal::Ctl
