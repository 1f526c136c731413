#pragma once

#include <QByteArrayView>
#include <QString>
#include <cstddef>
#include <cstdint>

// Helpers shared by the libFuzzer targets in this folder.
namespace Shoal::Fuzz {

// Aborts with `what` on stderr when an invariant does not hold, so libFuzzer records the input
// as a crash just like a sanitizer report.
void require(bool holds, const char *what);

// Switches off the project's log categories: a fuzzer feeds mostly garbage, and logging every
// refusal would only slow it down. Every target gets it from LLVMFuzzerInitialize, which this
// library defines.
void quietLogs();

// Requires `name` to be an uncompressed wire name: labels of at most 63 bytes ending with the
// root label, 255 bytes at most in all. Returns its number of labels, the root not counted.
int requireWireName(QByteArrayView name);

QByteArrayView bytesView(const std::uint8_t *data, std::size_t size);

// The fixed state directory of `target` (/tmp/shoal-fuzz-<target>), created if needed and
// emptied, so no run depends on what an earlier one left behind.
QString stateDir(const char *target);

} // namespace Shoal::Fuzz
