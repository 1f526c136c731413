#include "service/common/Clock.h"
#include "service/dns/Message.h"
#include "service/peer/KeyFile.h"
#include "service/peer/Tsig.h"

#include <QDeadlineTimer>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUdpSocket>

using namespace Shoal;

namespace {

// A DNS server on loopback that knows one group key: it checks each request's TSIG with Tsig
// and answers "A 192.0.2.53" signed with the request's MAC, or with Tsig's error reply.
class SignedResponder : public QObject
{
public:
    SignedResponder(const Clock &clock, const GroupKey &key)
        : m_tsig(clock)
        , m_key(key)
    {
        m_socket.bind(QHostAddress::LocalHost, 0);
        connect(&m_socket, &QUdpSocket::readyRead, this, &SignedResponder::serve);
    }

    quint16 port() const { return m_socket.localPort(); }
    QList<Tsig::Result> results;

private:
    void serve()
    {
        while (m_socket.hasPendingDatagrams()) {
            QHostAddress from;
            quint16 fromPort = 0;
            QByteArray request(int(m_socket.pendingDatagramSize()), '\0');
            request.resize(m_socket.readDatagram(request.data(), request.size(), &from, &fromPort));
            const Tsig::Verification verification = m_tsig.verify(request, m_key);
            results.append(verification.result);
            const QByteArray reply = verification.result == Tsig::Result::Ok
                                         ? answer(request, verification.record.mac)
                                         : m_tsig.errorResponse(request, verification);
            m_socket.writeDatagram(reply, from, fromPort);
        }
    }

    QByteArray answer(const QByteArray &request, const QByteArray &requestMac) const
    {
        Dns::QueryView query;
        Dns::parseQuery(reinterpret_cast<const std::uint8_t *>(request.constData()),
                        std::size_t(request.size()), query);
        QByteArray reply = request.left(int(query.questionEnd));
        auto *h = reinterpret_cast<std::uint8_t *>(reply.data());
        Dns::writeU16(h + 2, Dns::Flag::QR | Dns::Flag::AA | (Dns::readU16(h + 2) & Dns::Flag::RD));
        Dns::writeU16(h + 6, 1);  // one answer
        Dns::writeU16(h + 10, 0); // the request's OPT and TSIG are not echoed
        reply += QByteArray::fromHex("c00c000100010000003c0004c0000235"); // A 192.0.2.53
        m_tsig.sign(reply, m_key, requestMac);
        return reply;
    }

    Tsig m_tsig;
    GroupKey m_key;
    QUdpSocket m_socket;
};

QString writeKeyFile(const QTemporaryDir &dir, const QString &fileName, const QByteArray &text)
{
    const QString path = dir.filePath(fileName);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size())
        return {};
    return path;
}

QByteArray tsigKeygen(const QString &name)
{
    QProcess keygen;
    keygen.start(QStringLiteral("tsig-keygen"),
                 {QStringLiteral("-a"), QStringLiteral("hmac-sha256"), name});
    keygen.waitForFinished(30'000);
    return keygen.exitCode() == 0 ? keygen.readAllStandardOutput() : QByteArray();
}

// Runs dig against the responder while the event loop serves it; dig's output.
QString runDig(const QString &keyFile, quint16 port)
{
    QProcess dig;
    dig.setProcessChannelMode(QProcess::MergedChannels);
    dig.start(QStringLiteral("dig"),
              {QStringLiteral("-k"), keyFile, QStringLiteral("@127.0.0.1"), QStringLiteral("-p"),
               QString::number(port), QStringLiteral("host.lab.test"), QStringLiteral("A"),
               QStringLiteral("+tries=1"), QStringLiteral("+timeout=10")});
    if (!dig.waitForStarted(10'000))
        return {};
    // dig waits at most 10 s (+timeout); the deadline only guards against a hung dig.
    const QDeadlineTimer deadline(60'000);
    while (dig.state() != QProcess::NotRunning && !deadline.hasExpired())
        QTest::qWait(10);
    if (dig.state() != QProcess::NotRunning) {
        dig.kill();
        dig.waitForFinished(5'000);
        return QStringLiteral("dig did not finish");
    }
    return QString::fromUtf8(dig.readAll());
}

bool hasTool(const char *name)
{
    return !QStandardPaths::findExecutable(QString::fromLatin1(name)).isEmpty() ||
           !QStandardPaths::findExecutable(QString::fromLatin1(name), {QStringLiteral("/usr/sbin")})
                .isEmpty();
}

} // namespace

// dig and tsig-keygen (BIND) are an independent TSIG implementation: if they accept our
// signatures and we accept theirs, both sides follow RFC 8945 the same way.
class TestTsigDig : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY2(hasTool("dig") && hasTool("tsig-keygen"),
                 "dig and tsig-keygen are needed (Debian: bind9-dnsutils, bind9)");
        QVERIFY(m_dir.isValid());
        const QByteArray text = tsigKeygen(QStringLiteral("lab"));
        QVERIFY(!text.isEmpty());
        m_keyFile = writeKeyFile(m_dir, QStringLiteral("lab.key"), text);
        QString error;
        const auto key = KeyFile::parse(text, &error);
        QVERIFY2(key, qPrintable(error));
        m_key = *key;
    }

    void digAcceptsOurSignedAnswer()
    {
        SignedResponder responder(m_clock, m_key);
        const QString output = runDig(m_keyFile, responder.port());
        QCOMPARE(responder.results, QList<Tsig::Result>{Tsig::Result::Ok});
        QVERIFY2(output.contains(QStringLiteral("192.0.2.53")), qPrintable(output));
        QVERIFY2(output.contains(QStringLiteral("status: NOERROR")), qPrintable(output));
        QVERIFY2(!output.contains(QStringLiteral("tsig verify failure"), Qt::CaseInsensitive),
                 qPrintable(output));
        QVERIFY2(!output.contains(QStringLiteral("Couldn't verify"), Qt::CaseInsensitive),
                 qPrintable(output));
        QVERIFY2(!output.contains(QStringLiteral("could not be validated")), qPrintable(output));
        QVERIFY2(output.contains(QStringLiteral("TSIG PSEUDOSECTION")), qPrintable(output));
    }

    void wrongSecretGetsBadSig()
    {
        SignedResponder responder(m_clock, m_key);
        const QString wrong =
            writeKeyFile(m_dir, QStringLiteral("wrong.key"), tsigKeygen(QStringLiteral("lab")));
        const QString output = runDig(wrong, responder.port());
        QCOMPARE(responder.results, QList<Tsig::Result>{Tsig::Result::BadSig});
        QVERIFY2(!output.contains(QStringLiteral("192.0.2.53")), qPrintable(output));
        QVERIFY2(output.contains(QStringLiteral("BADSIG")), qPrintable(output));
    }

    void unknownKeyGetsBadKey()
    {
        SignedResponder responder(m_clock, m_key);
        const QString other =
            writeKeyFile(m_dir, QStringLiteral("other.key"), tsigKeygen(QStringLiteral("other")));
        const QString output = runDig(other, responder.port());
        QCOMPARE(responder.results, QList<Tsig::Result>{Tsig::Result::BadKey});
        QVERIFY2(!output.contains(QStringLiteral("192.0.2.53")), qPrintable(output));
        QVERIFY2(output.contains(QStringLiteral("BADKEY")), qPrintable(output));
    }

    void skewedClockGetsBadTime()
    {
        // Our clock an hour ahead: dig's request is outside the fudge.
        ManualClock skewed(SystemClock().nowMs() + 3'600'000);
        SignedResponder responder(skewed, m_key);
        const QString output = runDig(m_keyFile, responder.port());
        QCOMPARE(responder.results, QList<Tsig::Result>{Tsig::Result::BadTime});
        QVERIFY2(!output.contains(QStringLiteral("192.0.2.53")), qPrintable(output));
        QVERIFY2(output.contains(QStringLiteral("BADTIME")), qPrintable(output));
        // The BADTIME reply is signed; dig checks that MAC and would say "tsig verify failure".
        QVERIFY2(output.contains(QStringLiteral("clocks are unsynchronized")), qPrintable(output));
        QVERIFY2(!output.contains(QStringLiteral("tsig verify failure")), qPrintable(output));
    }

private:
    SystemClock m_clock;
    QTemporaryDir m_dir;
    QString m_keyFile;
    GroupKey m_key;
};

QTEST_GUILESS_MAIN(TestTsigDig)
#include "TestTsigDig.moc"
