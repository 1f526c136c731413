// Group key files (BIND's tsig-keygen format) named in the configuration or in a join request.
// A key the parser accepts must be usable, and must read back the same when written out again
// the way tsig-keygen writes it.
#include "fuzz/FuzzSupport.h"
#include "service/peer/KeyFile.h"

using namespace Shoal;
using Fuzz::require;

namespace {

QByteArray keygenText(const GroupKey &key)
{
    return "key \"" + key.group().toUtf8() + "\" {\n\talgorithm hmac-sha256;\n\tsecret \"" +
           key.secret().toBase64() + "\";\n};\n";
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    QString error;
    const auto key = KeyFile::parse(Fuzz::bytesView(data, size), &error);
    if (!key) {
        require(!error.isEmpty(), "a key file refused without a reason");
        return 0;
    }
    require(key->isValid() && key->secret().size() >= GroupKey::minSecretBytes &&
                key->secret().size() <= GroupKey::maxSecretBytes,
            "accepted a key with an unusable secret");
    Fuzz::requireWireName(key->wireName());
    const auto again = KeyFile::parse(keygenText(*key));
    require(again && again->group() == key->group() && again->secret() == key->secret() &&
                again->wireName() == key->wireName(),
            "a key written back reads differently");
    return 0;
}
