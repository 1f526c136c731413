#include "service/config/ConfigFile.h"

#include <QFile>
#include <QFileInfo>
#include <QStringDecoder>

namespace Shoal {

namespace {

// Any word is a key here; whether it means something is ConfigLoader's question, so that a
// misspelt key is reported as unknown rather than as a syntax error.
bool isValidKey(QStringView key)
{
    if (key.isEmpty())
        return false;
    for (const QChar c : key) {
        if (c.isSpace())
            return false;
    }
    return true;
}

} // namespace

bool ConfigFile::read(const QString &path, QString &error)
{
    const QFileInfo info(path);
    if (info.isDir()) {
        error = QStringLiteral("cannot read configuration file %1: it is a directory").arg(path);
        return false;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        error =
            QStringLiteral("cannot read configuration file %1: %2").arg(path, file.errorString());
        return false;
    }
    const QByteArray data = file.read(maxBytes + 1);
    if (data.size() > maxBytes) {
        error =
            QStringLiteral("configuration file %1 is larger than %2 bytes").arg(path).arg(maxBytes);
        return false;
    }
    return parse(path, data, error);
}

bool ConfigFile::parse(const QString &path, const QByteArray &data, QString &error)
{
    m_path = path;
    m_entries.clear();
    m_groupSections.clear();
    QStringDecoder decoder(QStringDecoder::Utf8);
    const QString text = decoder(data);
    if (decoder.hasError()) {
        error = QStringLiteral("configuration file %1 is not valid UTF-8").arg(path);
        return false;
    }
    const QList<QStringView> lines = QStringView(text).split(u'\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        if (!parseLine(lines.at(i).trimmed(), int(i + 1), error))
            return false;
    }
    return true;
}

QString ConfigFile::location(int line) const
{
    return m_path + u':' + QString::number(line);
}

bool ConfigFile::parseLine(QStringView line, int number, QString &error)
{
    if (line.isEmpty() || line.startsWith(u'#') || line.startsWith(u';'))
        return true;
    if (line.startsWith(u'['))
        return parseSectionHeader(line, number, error);
    return parseEntry(line, number, error);
}

bool ConfigFile::parseSectionHeader(QStringView line, int number, QString &error)
{
    const QStringView inner =
        line.endsWith(u']') ? line.sliced(1, line.size() - 2).trimmed() : QStringView();
    const QList<QStringView> words = inner.split(u' ', Qt::SkipEmptyParts);
    if (words.size() != 2 || words.front() != u"group") {
        error = location(number) + u": unknown section \"" + line +
                u"\" (the only section is [group NAME])";
        return false;
    }
    m_groupSections.append({words.back().toString(), number, {}});
    return true;
}

bool ConfigFile::parseEntry(QStringView line, int number, QString &error)
{
    const qsizetype equals = line.indexOf(u'=');
    const QStringView key = equals < 0 ? line : line.first(equals).trimmed();
    if (equals < 0 || !isValidKey(key)) {
        error = location(number) + u": expected \"key = value\", got \"" + line + u'"';
        return false;
    }
    const Entry entry{key.toString(), line.sliced(equals + 1).trimmed().toString(), number};
    if (m_groupSections.isEmpty())
        m_entries.append(entry);
    else
        m_groupSections.last().entries.append(entry);
    return true;
}

} // namespace Shoal
