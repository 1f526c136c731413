#include "service/peer/GroupKey.h"
#include "service/peer/GroupName.h"
#include "service/peer/KeyFile.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <sys/stat.h>

using namespace Shoal;

namespace {

// 32 bytes of 0x01..0x20 in base64.
const char *secret32 = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=";

QByteArray keyText(const QByteArray &body)
{
    return "key \"lab\" {\n" + body + "\n};\n";
}

QString parseError(const QByteArray &text)
{
    QString error;
    const auto key = KeyFile::parse(text, &error);
    return key ? QStringLiteral("<parsed>") : error;
}

} // namespace

class TestKeys : public QObject
{
    Q_OBJECT

private slots:
    void groupNames_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected"); // empty: refused
        QTest::newRow("plain") << "lab"
                               << "lab";
        QTest::newRow("upper case folds") << "Lab-2"
                                          << "lab-2";
        QTest::newRow("digits") << "42"
                                << "42";
        QTest::newRow("63 characters") << QString(63, u'a') << QString(63, u'a');
        QTest::newRow("64 characters") << QString(64, u'a') << QString();
        QTest::newRow("empty") << "" << QString();
        QTest::newRow("dot") << "lab.test" << QString();
        QTest::newRow("underscore") << "lab_1" << QString();
        QTest::newRow("space") << "my lab" << QString();
        QTest::newRow("leading hyphen") << "-lab" << QString();
        QTest::newRow("trailing hyphen") << "lab-" << QString();
        QTest::newRow("Kelvin sign") << QStringLiteral("\u212Aab") << QString();
        QTest::newRow("non-ASCII letter") << QStringLiteral("l\u00e4b") << QString();
    }

    void groupNames()
    {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        const std::optional<QString> name = GroupName::normalized(input);
        QCOMPARE(name.value_or(QString()), expected);
    }

    void groupWireName()
    {
        QCOMPARE(GroupName::toWireName(QStringLiteral("lab")), QByteArray("\x03lab\x00", 5));
    }

    void passphraseDerivationIsStable()
    {
        // Expected values from Python's hashlib.pbkdf2_hmac("sha256", passphrase,
        // b"shoal-group:" + name, 100000, 32): an implementation independent of Qt's.
        const auto key =
            GroupKey::fromPassphrase(u"Lab", QStringLiteral("correct horse battery staple"));
        QVERIFY(key);
        QCOMPARE(key->group(), QStringLiteral("lab"));
        QCOMPARE(key->secret().toHex(),
                 QByteArray("6f97616d6d6d7bf2e70e5ca9a472270348405746ee55643d151ee1de0666f925"));
        const auto other =
            GroupKey::fromPassphrase(u"lab2", QStringLiteral("correct horse battery staple"));
        QVERIFY(other);
        QCOMPARE(other->secret().toHex(),
                 QByteArray("561012bad5b94d202a97dd4a377e5fe2031467cbc7039563894400a12ae6c2bb"));
    }

    void passphraseRefusals()
    {
        QString error;
        QVERIFY(!GroupKey::fromPassphrase(u"lab", QString(), &error));
        QVERIFY(error.contains(QStringLiteral("passphrase")));
        QVERIFY(!GroupKey::fromPassphrase(u"lab", QString(1025, u'x'), &error));
        QVERIFY(!GroupKey::fromPassphrase(u"bad name", QStringLiteral("words"), &error));
        QVERIFY(error.contains(QStringLiteral("group name")));
    }

    void base64Secrets()
    {
        QString error;
        const auto key = GroupKey::fromBase64(u"lab", QString::fromLatin1(secret32), &error);
        QVERIFY2(key, qPrintable(error));
        QCOMPARE(key->secret().size(), 32);
        QCOMPARE(quint8(key->secret().at(31)), quint8(0x20));
        QCOMPARE(key->wireName(), QByteArray("\x03lab\x00", 5));

        QVERIFY(!GroupKey::fromBase64(u"lab", u"not base64!", &error));
        QVERIFY(error.contains(QStringLiteral("base64")));
        QVERIFY(!GroupKey::fromBase64(u"lab", u"", &error));
        QVERIFY(!GroupKey::fromBase64(u"lab", u"AAECAwQFBgcICQoLDA0O", &error)); // 15 bytes
        QVERIFY(error.contains(QStringLiteral("15 bytes")));
        QVERIFY(GroupKey::fromBase64(u"lab", u"AAECAwQFBgcICQoLDA0ODw==")); // 16 bytes
        const QString big = QString::fromLatin1(QByteArray(129, 'x').toBase64());
        QVERIFY(!GroupKey::fromBase64(u"lab", big, &error));
        QVERIFY(error.contains(QStringLiteral("129 bytes")));
        QVERIFY(!GroupKey::fromBase64(u"lab", QString(100'000, u'A'), &error));
    }

    void realTsigKeygenOutput()
    {
        QProcess keygen;
        keygen.start(QStringLiteral("tsig-keygen"), {QStringLiteral("Lab")});
        QVERIFY2(keygen.waitForFinished(30'000), "tsig-keygen (Debian: bind9) is needed");
        QCOMPARE(keygen.exitCode(), 0);
        const QByteArray text = keygen.readAllStandardOutput();
        QString error;
        const auto key = KeyFile::parse(text, &error);
        QVERIFY2(key, qPrintable(error));
        QCOMPARE(key->group(), QStringLiteral("lab"));
        QCOMPARE(key->secret().size(), 32);
        // The secret is the one in the file.
        const qsizetype start = text.indexOf("secret \"") + 8;
        QCOMPARE(key->secret().toBase64(), text.mid(start, text.indexOf('"', start) - start));
    }

    void toleratedSyntax()
    {
        const QByteArray text = "# made by hand\n"
                                "// a C++ comment\n"
                                "/* a block\n comment */ KEY lab. {\r\n"
                                "\tsecret \"" +
                                QByteArray(secret32) +
                                "\"; # trailing\n"
                                "  algorithm \"HMAC-SHA256.\" ;\n"
                                "}; // done\n";
        QString error;
        const auto key = KeyFile::parse(text, &error);
        QVERIFY2(key, qPrintable(error));
        QCOMPARE(key->group(), QStringLiteral("lab"));
        QCOMPARE(key->secret().toBase64(), QByteArray(secret32));
    }

    void malformedFiles_data()
    {
        const QByteArray secret = QByteArray("secret \"") + secret32 + "\";";
        const QByteArray good = keyText("algorithm hmac-sha256; " + secret);
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty") << QByteArray() << "no key statement";
        QTest::newRow("only comments") << QByteArray("# nothing\n/* here */") << "no key statement";
        QTest::newRow("not a key") << QByteArray("options { };") << "expected 'key'";
        QTest::newRow("two keys") << good + good << "more than one key";
        QTest::newRow("junk after") << good + "x"
                                    << "expected end of file";
        QTest::newRow("no name") << QByteArray("key { };") << "expected a key name";
        QTest::newRow("no brace") << QByteArray("key lab algorithm") << "expected '{'";
        QTest::newRow("no final semicolon") << good.left(good.size() - 2) << "';' after '}'";
        QTest::newRow("unterminated block")
            << QByteArray("key lab { algorithm hmac-sha256;") << "found end of file";
        QTest::newRow("no algorithm") << keyText(secret) << "no algorithm";
        QTest::newRow("no secret") << keyText("algorithm hmac-sha256;") << "no secret";
        QTest::newRow("md5") << keyText("algorithm hmac-md5; " + secret) << "unsupported algorithm";
        QTest::newRow("sha512") << keyText("algorithm hmac-sha512; " + secret)
                                << "only hmac-sha256";
        QTest::newRow("twice") << keyText("algorithm hmac-sha256; algorithm hmac-sha256; " + secret)
                               << "given twice";
        QTest::newRow("unknown clause") << keyText("algorithm hmac-sha256; owner x; " + secret)
                                        << "expected 'algorithm', 'secret' or '}'";
        QTest::newRow("missing semicolon")
            << keyText("algorithm hmac-sha256 " + secret) << "expected ';'";
        QTest::newRow("bad base64")
            << keyText("algorithm hmac-sha256; secret \"abc!\";") << "not valid base64";
        QTest::newRow("short secret")
            << keyText("algorithm hmac-sha256; secret \"AAAA\";") << "3 bytes";
        QTest::newRow("bad key name")
            << QByteArray("key \"my.lab\" { algorithm hmac-sha256; " + secret + " };")
            << "invalid group name";
        QTest::newRow("unterminated string") << QByteArray("key \"lab { algorithm hmac-sha256; };")
                                             << "unterminated string on line 1";
        QTest::newRow("string over a line end")
            << QByteArray("key \"lab\n\" { };") << "unterminated string on line 1";
        QTest::newRow("unterminated comment")
            << QByteArray("\n\n/* key lab { algorithm hmac-sha256; };")
            << "unterminated comment on line 3";
        QTest::newRow("NUL byte") << QByteArray("key \"lab\0\" {", 12) << "unexpected byte 0x00";
        QTest::newRow("binary") << QByteArray("\x7f"
                                              "ELF\x02\x01",
                                              6)
                                << "unexpected byte 0x7f";
        QTest::newRow("UTF-8") << QByteArray("key \"l\xc3\xa4"
                                             "b\" {")
                               << "unexpected byte 0xc3";
        QTest::newRow("line number")
            << QByteArray("\n\n\nkey lab {\n algorithm ;\n};") << "found ';' on line 5";
    }

    void malformedFiles()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, message);
        const QString error = parseError(text);
        QVERIFY2(error.contains(message), qPrintable(error));
    }

    void readsFilesWithinTheCap()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QByteArray good =
            keyText(QByteArray("algorithm hmac-sha256; secret \"") + secret32 + "\";");
        const QString path = dir.filePath(QStringLiteral("lab.key"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(good);
        file.write(QByteArray(KeyFile::maxFileSize - good.size(), ' '));
        file.close();
        QString error;
        QVERIFY2(KeyFile::read(path, &error), qPrintable(error));

        QVERIFY(file.open(QIODevice::Append));
        file.write(" ");
        file.close();
        QVERIFY(!KeyFile::read(path, &error));
        QVERIFY2(error.contains(QStringLiteral("larger than 65536 bytes")), qPrintable(error));
    }

    void hostileFiles()
    {
        QString error;
        QVERIFY(!KeyFile::read(QStringLiteral("/dev/zero"), &error)); // endless, reports size 0
        QVERIFY2(error.contains(QStringLiteral("not a regular file")), qPrintable(error));
        QVERIFY(!KeyFile::read(QStringLiteral("/nonexistent/lab.key"), &error));
        QVERIFY2(error.contains(QStringLiteral("cannot open")), qPrintable(error));
        QTemporaryDir dir;
        QVERIFY(!KeyFile::read(dir.path(), &error)); // a directory
        QVERIFY2(error.contains(QStringLiteral("not a regular file")), qPrintable(error));
        const QString fifo = dir.filePath(QStringLiteral("fifo.key")); // would block an open()
        QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
        QVERIFY(!KeyFile::read(fifo, &error));
        QVERIFY2(error.contains(QStringLiteral("not a regular file")), qPrintable(error));
        const QString parseFailure = dir.filePath(QStringLiteral("bad.key"));
        QFile file(parseFailure);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("key lab {");
        file.close();
        QVERIFY(!KeyFile::read(parseFailure, &error));
        QVERIFY2(error.startsWith(parseFailure + QStringLiteral(": ")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestKeys)
#include "TestKeys.moc"
