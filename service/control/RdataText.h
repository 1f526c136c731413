#pragma once

#include "service/dns/Message.h"
#include "shared/control/ControlTypes.h"

#include <QByteArrayView>
#include <QList>
#include <QString>

// Presentation form of resource records (RFC 1035 section 5.1), for showing cache contents.
// A, AAAA, CNAME, NS, PTR, MX, TXT, SOA and SRV are spelled out; any other type, and any of
// those whose data does not have the right shape, is shown in the generic form of RFC 3597
// ("\# 4 c0000201"), so nothing read from a cache or a peer is ever misrepresented.
namespace Shoal::Control {

// The data of `record`, which was parsed from `message` (names in it may be compressed).
QString rdataToText(QByteArrayView message, const Dns::Record &record);

// Every answer-section record of a wire message, rendered; empty if it does not parse.
QList<CacheRecord> answerRecordsFromWire(QByteArrayView message);

} // namespace Shoal::Control
