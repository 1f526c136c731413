// Names typed by people: group and cache-flush names from the control channel and the
// configuration file go through nameFromText. A name it accepts must be well-formed wire, and
// its presentation form must read back to exactly the same bytes.
#include "fuzz/FuzzSupport.h"
#include "service/dns/DnsName.h"

#include <QString>

using namespace Shoal;
using Fuzz::require;

namespace {

void checkText(const QString &text)
{
    const auto wire = Dns::nameFromText(text);
    if (!wire)
        return;
    const int labels = Fuzz::requireWireName(*wire);
    require(Dns::labelCount(*wire) == labels, "labelCount() miscounts");
    const auto again = Dns::nameFromText(Dns::nameToText(*wire));
    require(again && *again == *wire, "name does not survive the text round trip");
    require(Dns::isNameAtOrBelow(*wire, QByteArray(1, '\0')), "name not below the root");
    require(Dns::isNameAtOrBelow(Dns::lowercasedName(*wire), *wire), "case changes the name");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArrayView bytes = Fuzz::bytesView(data, size);
    checkText(QString::fromUtf8(bytes));
    checkText(QString::fromLatin1(bytes));
    return 0;
}
