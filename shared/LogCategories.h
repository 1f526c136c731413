#pragma once

#include <QLoggingCategory>

// One category per component, so an operator can switch on exactly the part they are
// looking at: QT_LOGGING_RULES="shoal.upstream.debug=true".
Q_DECLARE_LOGGING_CATEGORY(lcDns)      // shoal.dns: client queries, malformed packets
Q_DECLARE_LOGGING_CATEGORY(lcCache)    // shoal.cache: cache, persistence
Q_DECLARE_LOGGING_CATEGORY(lcUpstream) // shoal.upstream: forwarding, health, outage
Q_DECLARE_LOGGING_CATEGORY(lcPeer)     // shoal.peer: groups and peers
Q_DECLARE_LOGGING_CATEGORY(lcControl)  // shoal.control: control channel
Q_DECLARE_LOGGING_CATEGORY(lcConfig)   // shoal.config: options and configuration file
Q_DECLARE_LOGGING_CATEGORY(lcTray)     // shoal.tray: the desktop program
