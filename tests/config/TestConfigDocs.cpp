#include "service/config/ConfigLoader.h"
#include "service/config/ConfigOptions.h"

#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace Shoal;
using namespace Qt::StringLiterals;

namespace {

QString sourceFile(const QString &relative)
{
    QFile file(qEnvironmentVariable("SHOAL_SOURCE_DIR") + u'/' + relative);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s (is SHOAL_SOURCE_DIR set?)", qPrintable(file.fileName()));
    return QString::fromUtf8(file.readAll());
}

// The defaults as a system daemon (root) has them: the docs state those first.
DaemonConfig rootDefaults()
{
    DaemonConfig config;
    config.stateDir = stateDirFor(true, {});
    config.controlSocket = controlSocketPathFor(true, {});
    return config;
}

// The table row that documents `--name`, or an empty string.
QString docRow(const QString &doc, const ConfigOption &option)
{
    const QString head = u"| `--" + option.name;
    for (const QString &line : doc.split(u'\n')) {
        if (line.startsWith(head + u'`') || line.startsWith(head + u' '))
            return line;
    }
    return {};
}

// Options whose line in the example file shows an example rather than the default.
const QSet<QString> exampleValued{u"allow"_s,      u"upstream"_s,       u"group"_s,
                                  u"open-group"_s, u"peer-interface"_s, u"private-domain"_s};

const QStringList sectionKeys{u"key-file"_s, u"open"_s, u"address"_s, u"port"_s, u"share"_s};

} // namespace

class TestConfigDocs : public QObject
{
    Q_OBJECT

private slots:
    void docsListEveryOptionWithItsDefault()
    {
        static const QRegularExpression rangePattern(uR"(range (\S+) to ([^.\s]+)\.)"_s);
        const QString doc = sourceFile(u"docs/configuration.md"_s);
        const DaemonConfig defaults = rootDefaults();
        for (const ConfigOption &option : configOptions()) {
            const QString row = docRow(doc, option);
            QVERIFY2(!row.isEmpty(), qPrintable(u"no row for --" + option.name));
            QString synopsis = u"--" + option.name;
            if (!option.valueName.isEmpty())
                synopsis += u' ' + option.valueName;
            QVERIFY2(row.startsWith(u"| `" + synopsis + u"` / `" + option.name + u"` |"),
                     qPrintable(row));
            const QString defaultCell = row.section(u'|', 2, 2);
            QVERIFY2(defaultCell.contains(option.show(defaults)), qPrintable(row));
            const QRegularExpressionMatch range = rangePattern.match(option.description);
            if (range.hasMatch()) {
                const QString stated = u"Range " + range.captured(1) + u" to " + range.captured(2);
                QVERIFY2(row.contains(stated), qPrintable(stated + u" missing in " + row));
            }
        }
    }

    void docsListEveryGroupSectionKey()
    {
        const QString doc = sourceFile(u"docs/configuration.md"_s);
        for (const QString &key : sectionKeys)
            QVERIFY2(doc.contains(u"\n| `" + key + u"` |"), qPrintable(key));
        QVERIFY(doc.contains(u"`--config FILE`"));
        QVERIFY(doc.contains(u"`--version`"));
        QVERIFY(doc.contains(u"`--help`"));
    }

    void exampleFileShowsEveryKey()
    {
        const QString example = sourceFile(u"resources/shoald.conf.example"_s);
        for (const ConfigOption &option : configOptions())
            QVERIFY2(example.contains(u"\n# " + option.name + u" = "), qPrintable(option.name));
        for (const QString &key : sectionKeys)
            QVERIFY2(example.contains(u"\n# " + key + u" = "), qPrintable(key));
    }

    // Uncommented, the example must load, and every line that shows a default must show the
    // real one.
    void exampleFileLoadsAndShowsTrueDefaults()
    {
        static const QRegularExpression setting(uR"(^# ?(\[group [^\]]+\]|[a-z-]+ = .*)$)"_s);
        QString uncommented;
        for (const QString &line : sourceFile(u"resources/shoald.conf.example"_s).split(u'\n')) {
            const QRegularExpressionMatch match = setting.match(line);
            uncommented += (match.hasMatch() ? match.captured(1) : line) + u'\n';
        }
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QFile file(dir.filePath(u"shoald.conf"_s));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(uncommented.toUtf8());
        file.close();

        DaemonConfig config;
        QString error;
        const QStringList arguments{u"shoald"_s, u"--config"_s, file.fileName()};
        QCOMPARE(ConfigLoader::parse(arguments, config, error), ConfigLoader::Outcome::Run);
        QCOMPARE(config.groups.size(), 4);
        QCOMPARE(config.upstreams.size(), 2);

        const DaemonConfig defaults = rootDefaults();
        for (const ConfigOption &option : configOptions()) {
            if (!exampleValued.contains(option.name))
                QCOMPARE(option.show(config), option.show(defaults));
        }
    }
};

QTEST_GUILESS_MAIN(TestConfigDocs)
#include "TestConfigDocs.moc"
