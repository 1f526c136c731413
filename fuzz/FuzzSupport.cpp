#include "fuzz/FuzzSupport.h"

#include "service/dns/DnsTypes.h"

#include <QDir>
#include <QFileInfo>
#include <QLoggingCategory>
#include <cstdio>
#include <cstdlib>

namespace Shoal::Fuzz {

void require(bool holds, const char *what)
{
    if (holds)
        return;
    std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
    std::abort();
}

int requireWireName(QByteArrayView name)
{
    require(name.size() >= 1 && name.size() <= Dns::maxNameLength, "name length");
    qsizetype pos = 0;
    int labels = 0;
    while (std::uint8_t(name[pos]) != 0) {
        require(std::uint8_t(name[pos]) <= Dns::maxLabelLength, "label length");
        pos += 1 + std::uint8_t(name[pos]);
        ++labels;
        require(pos < name.size(), "label runs past the name");
    }
    require(pos == name.size() - 1, "bytes after the root label");
    return labels;
}

void quietLogs()
{
    QLoggingCategory::setFilterRules(QStringLiteral("shoal.*=false"));
}

QByteArrayView bytesView(const std::uint8_t *data, std::size_t size)
{
    return {reinterpret_cast<const char *>(data), qsizetype(size)};
}

QString stateDir(const char *target)
{
    const QString path = QStringLiteral("/tmp/shoal-fuzz-") + QString::fromLatin1(target);
    QDir().mkpath(path);
    // Empties the folder rather than removing it: scripts/fuzz.sh may have made the path a
    // symbolic link to tmpfs.
    QDir dir(path);
    const auto entries =
        dir.entryInfoList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
    for (const QFileInfo &entry : entries) {
        if (entry.isDir() && !entry.isSymLink())
            QDir(entry.filePath()).removeRecursively();
        else
            dir.remove(entry.fileName());
    }
    return path;
}

} // namespace Shoal::Fuzz

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    Shoal::Fuzz::quietLogs();
    return 0;
}
