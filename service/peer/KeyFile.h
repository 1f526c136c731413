#pragma once

#include "service/peer/GroupKey.h"

#include <QByteArrayView>
#include <QString>
#include <optional>

namespace Shoal {

// Reads a group key from the file BIND's `tsig-keygen NAME` writes:
//
//     key "lab" {
//         algorithm hmac-sha256;
//         secret "base64==";
//     };
//
// Whitespace and comments (#, //, /* */) may appear between tokens; the name may be quoted or
// not. The file must hold exactly one key, whose name is a valid group name and whose
// algorithm is hmac-sha256. The file is untrusted input: anything else -- binary bytes, an
// unterminated string or comment, a file over 64 KiB, anything but a regular file (a FIFO
// would block, a device never end) -- is refused with a message that names the line.
class KeyFile
{
public:
    static constexpr qint64 maxFileSize = 64 * 1024;

    static std::optional<GroupKey> parse(QByteArrayView text, QString *error = nullptr);
    static std::optional<GroupKey> read(const QString &path, QString *error = nullptr);
};

} // namespace Shoal
