#include "shared/LogCategories.h"

// Quiet by default: warnings and up. Debug output is for an operator who asks for it.
Q_LOGGING_CATEGORY(lcDns, "shoal.dns", QtInfoMsg)
Q_LOGGING_CATEGORY(lcCache, "shoal.cache", QtInfoMsg)
Q_LOGGING_CATEGORY(lcUpstream, "shoal.upstream", QtInfoMsg)
Q_LOGGING_CATEGORY(lcPeer, "shoal.peer", QtInfoMsg)
Q_LOGGING_CATEGORY(lcControl, "shoal.control", QtInfoMsg)
Q_LOGGING_CATEGORY(lcConfig, "shoal.config", QtInfoMsg)
Q_LOGGING_CATEGORY(lcTray, "shoal.tray", QtInfoMsg)
