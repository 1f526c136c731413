#pragma once

#include "ctl/CtlCommand.h"
#include "ctl/ExitCode.h"
#include "shared/control/ControlClient.h"

#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QTextStream>
#include <functional>
#include <optional>

class QEventLoop;

namespace Shoal::Ctl {

// Runs one shoalctl command against the daemon: reads any key material first (so the daemon's
// hello timeout cannot run out while someone types), connects, sends the request, prints the
// answer and returns the exit code. Waits in a local event loop, so it also works inside a
// program whose event loop serves the daemon end (the tests).
class CommandRunner : public QObject
{
    Q_OBJECT

public:
    // Asks for a secret with the given prompt; nullopt when none could be read.
    using SecretReader = std::function<std::optional<QString>(const QString &prompt)>;

    CommandRunner(QTextStream &out, QTextStream &err, SecretReader secretReader,
                  QObject *parent = nullptr);

    int run(const CtlCommand &command);

    // Ends a running watch with exit code 0.
    void interrupt();

    // How long a request may wait for its answer (not applied to watch).
    void setRequestTimeoutMs(int ms) { m_requestTimeoutMs = ms; }

private:
    struct Answer
    {
        bool ok = false;
        QJsonObject result;
        QString code;
        QString message;
    };

    int connectToDaemon(const CtlCommand &command);
    std::optional<QJsonObject> buildParams(const CtlCommand &command, QString *problem);
    Answer call(const QString &method, const QJsonObject &params);
    int watch(const CtlCommand &command);
    int fail(int code, const QString &message);
    int failWith(const Answer &answer);
    void print(const CtlCommand &command, const QJsonObject &result);
    QString text(const CtlCommand &command, const QJsonObject &result) const;

    QTextStream &m_out;
    QTextStream &m_err;
    SecretReader m_secretReader;
    ControlClient m_client;
    QEventLoop *m_loop = nullptr;
    int m_requestTimeoutMs = 30'000;
};

} // namespace Shoal::Ctl
