#include "service/peer/PeerPresence.h"

#include <QList>
#include <algorithm>

namespace Shoal {

namespace {

bool isHostChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
}

bool isVersionChar(char c)
{
    return isHostChar(c) || c == '.' || c == '+';
}

bool isValidHostName(QByteArrayView text)
{
    return !text.isEmpty() && text.size() <= PeerPresence::maxHostNameLength &&
           std::all_of(text.begin(), text.end(), isHostChar);
}

bool isValidVersion(QByteArrayView text)
{
    return !text.isEmpty() && text.size() <= PeerPresence::maxVersionLength &&
           std::all_of(text.begin(), text.end(), isVersionChar);
}

std::optional<quint32> parseCount(QByteArrayView text)
{
    if (text.isEmpty() || text.size() > 10 ||
        !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return std::nullopt;
    const quint64 value = text.toULongLong();
    if (value > 0xffffffffu)
        return std::nullopt;
    return quint32(value);
}

void appendString(QByteArray &out, const QByteArray &text)
{
    out += char(text.size());
    out += text;
}

// Splits TXT RDATA into its character-strings; nullopt if a length runs past the end.
std::optional<QList<QByteArrayView>> splitStrings(QByteArrayView rdata)
{
    QList<QByteArrayView> strings;
    qsizetype pos = 0;
    while (pos < rdata.size()) {
        const auto length = qsizetype(static_cast<unsigned char>(rdata[pos]));
        if (rdata.size() - pos - 1 < length || strings.size() == PeerPresence::maxStrings)
            return std::nullopt;
        strings.append(rdata.sliced(pos + 1, length));
        pos += 1 + length;
    }
    return strings;
}

// Collects the known fields, refusing duplicates.
class FieldReader
{
public:
    bool take(QByteArrayView string)
    {
        const qsizetype equals = string.indexOf('=');
        if (equals <= 0)
            return true; // not a key=value string: skipped like an unknown key
        const QByteArrayView key = string.first(equals);
        const QByteArrayView value = string.sliced(equals + 1);
        if (key == "host")
            return store(m_host, value);
        if (key == "version")
            return store(m_version, value);
        if (key == "upstream")
            return store(m_upstream, value);
        if (key == "cache")
            return store(m_cache, value);
        if (key == "seq")
            return store(m_sequence, value);
        return true;
    }

    std::optional<PeerPresence> result() const
    {
        if (!m_host || !m_version || !m_upstream || !m_cache)
            return std::nullopt;
        if (!isValidHostName(*m_host) || !isValidVersion(*m_version))
            return std::nullopt;
        const std::optional<quint32> cache = parseCount(*m_cache);
        const std::optional<quint32> sequence =
            m_sequence ? parseCount(*m_sequence) : std::optional<quint32>(0);
        if (!cache || !sequence || (*m_upstream != "up" && *m_upstream != "outage"))
            return std::nullopt;
        PeerPresence presence;
        presence.hostName = QString::fromLatin1(*m_host);
        presence.version = QString::fromLatin1(*m_version);
        presence.upstream =
            *m_upstream == "up" ? PeerPresence::Upstream::Up : PeerPresence::Upstream::Outage;
        presence.cacheEntries = *cache;
        presence.sequence = *sequence;
        return presence;
    }

private:
    static bool store(std::optional<QByteArrayView> &slot, QByteArrayView value)
    {
        if (slot)
            return false;
        slot = value;
        return true;
    }

    std::optional<QByteArrayView> m_host;
    std::optional<QByteArrayView> m_version;
    std::optional<QByteArrayView> m_upstream;
    std::optional<QByteArrayView> m_cache;
    std::optional<QByteArrayView> m_sequence;
};

} // namespace

QString PeerPresence::announceableHostName(const QString &name)
{
    const QByteArray label = name.section(u'.', 0, 0).toLatin1();
    QByteArray kept;
    for (const char c : label) {
        if (isHostChar(c) && kept.size() < maxHostNameLength)
            kept += c;
    }
    return QString::fromLatin1(kept);
}

bool PeerPresence::isValid() const
{
    return isValidHostName(hostName.toLatin1()) && isValidVersion(version.toLatin1());
}

QByteArray PeerPresence::toTxtRdata() const
{
    QByteArray rdata;
    appendString(rdata, "host=" + hostName.toLatin1());
    appendString(rdata, "version=" + version.toLatin1());
    appendString(rdata, upstream == Upstream::Up ? QByteArray("upstream=up")
                                                 : QByteArray("upstream=outage"));
    appendString(rdata, "cache=" + QByteArray::number(cacheEntries));
    if (sequence != 0)
        appendString(rdata, "seq=" + QByteArray::number(sequence));
    return rdata;
}

std::optional<PeerPresence> PeerPresence::fromTxtRdata(QByteArrayView rdata)
{
    const std::optional<QList<QByteArrayView>> strings = splitStrings(rdata);
    if (!strings)
        return std::nullopt;
    FieldReader reader;
    for (const QByteArrayView string : *strings) {
        if (!reader.take(string))
            return std::nullopt;
    }
    return reader.result();
}

} // namespace Shoal
