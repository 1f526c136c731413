#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace Shoal {

// The syntax of shoald's configuration file, without the meaning of its keys (ConfigLoader
// knows those). The format is a small INI dialect read by hand rather than with QSettings,
// which would split values at commas, unescape and re-case keys, and could not say on which
// line a mistake is:
//
//   # a comment (whole lines only, starting with '#' or ';')
//   key = value                   keys before the first section are the daemon's options
//   [group NAME]                  a section describes one interest group
//   key = value                   ... its keys follow until the next section
//
// Values run to the end of the line with the spaces around them removed; there is no quoting.
class ConfigFile
{
public:
    // Files larger than this are refused: a configuration file is a few kilobytes.
    static constexpr qint64 maxBytes = 1024 * 1024;

    struct Entry
    {
        QString key;
        QString value;
        int line = 0;
    };

    struct GroupSection
    {
        QString name;
        int line = 0;
        QList<Entry> entries;
    };

    // Reads and splits `path`. On failure returns false with a message that names the file
    // (and the line, for a syntax error).
    bool read(const QString &path, QString &error);
    // Splits `data`; `path` is only used in messages and by location().
    bool parse(const QString &path, const QByteArray &data, QString &error);

    const QList<Entry> &entries() const { return m_entries; }
    const QList<GroupSection> &groupSections() const { return m_groupSections; }
    // "FILE:LINE", the prefix of every message about a line of the file.
    QString location(int line) const;

private:
    bool parseLine(QStringView line, int number, QString &error);
    bool parseSectionHeader(QStringView line, int number, QString &error);
    bool parseEntry(QStringView line, int number, QString &error);

    QString m_path;
    QList<Entry> m_entries;
    QList<GroupSection> m_groupSections;
};

} // namespace Shoal
