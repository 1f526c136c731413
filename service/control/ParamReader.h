#pragma once

#include <QJsonObject>
#include <QLatin1StringView>
#include <QString>
#include <QStringList>
#include <initializer_list>

namespace Shoal {

// Reads the "params" of a control request strictly: a parameter of the wrong type, out of
// range, too long or unknown to the method is an error, never silently read as a default.
// Every accessor returns a usable value; the first error is kept in error() and the caller
// answers bad-params with it once it has read everything.
class ParamReader
{
public:
    explicit ParamReader(const QJsonObject &params)
        : m_params(params)
    {}

    // Fails on any key not listed.
    void allowOnly(std::initializer_list<QLatin1StringView> keys);

    bool has(QLatin1StringView key) const { return m_params.contains(key); }

    QString string(QLatin1StringView key, qsizetype maxLength, bool required = false);
    bool boolean(QLatin1StringView key, bool fallback);
    qint64 integer(QLatin1StringView key, qint64 fallback, qint64 min, qint64 max);
    QStringList strings(QLatin1StringView key, int maxCount, qsizetype maxLength);

    // Records an error found by the caller (a value of the right type that makes no sense).
    void fail(const QString &message);

    bool ok() const { return m_error.isEmpty(); }
    QString error() const { return m_error; }

private:
    QJsonObject m_params;
    QString m_error;
};

} // namespace Shoal
