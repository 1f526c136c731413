#include "service/control/ParamReader.h"

#include <QJsonArray>
#include <QJsonValue>
#include <cmath>

namespace Shoal {

void ParamReader::allowOnly(std::initializer_list<QLatin1StringView> keys)
{
    for (const QString &key : m_params.keys()) {
        bool known = false;
        for (const QLatin1StringView allowed : keys)
            known = known || key == allowed;
        if (!known)
            fail(QStringLiteral("unknown parameter \"%1\"").arg(key.left(64)));
    }
}

QString ParamReader::string(QLatin1StringView key, qsizetype maxLength, bool required)
{
    const QJsonValue value = m_params.value(key);
    if (value.isUndefined()) {
        if (required)
            fail(QStringLiteral("parameter \"%1\" is required").arg(key));
        return {};
    }
    if (!value.isString()) {
        fail(QStringLiteral("parameter \"%1\" must be a string").arg(key));
        return {};
    }
    const QString text = value.toString();
    if (text.size() > maxLength) {
        fail(QStringLiteral("parameter \"%1\" is longer than %2 characters")
                 .arg(key)
                 .arg(maxLength));
        return {};
    }
    return text;
}

bool ParamReader::boolean(QLatin1StringView key, bool fallback)
{
    const QJsonValue value = m_params.value(key);
    if (value.isUndefined())
        return fallback;
    if (!value.isBool()) {
        fail(QStringLiteral("parameter \"%1\" must be true or false").arg(key));
        return fallback;
    }
    return value.toBool();
}

qint64 ParamReader::integer(QLatin1StringView key, qint64 fallback, qint64 min, qint64 max)
{
    const QJsonValue value = m_params.value(key);
    if (value.isUndefined())
        return fallback;
    const double number = value.toDouble(std::nan(""));
    if (!value.isDouble() || std::trunc(number) != number || number < double(min) ||
        number > double(max)) {
        fail(QStringLiteral("parameter \"%1\" must be a whole number from %2 to %3")
                 .arg(key)
                 .arg(min)
                 .arg(max));
        return fallback;
    }
    return value.toInteger(fallback);
}

QStringList ParamReader::strings(QLatin1StringView key, int maxCount, qsizetype maxLength)
{
    const QJsonValue value = m_params.value(key);
    if (value.isUndefined())
        return {};
    const QJsonArray array = value.toArray();
    if (!value.isArray() || array.size() > maxCount) {
        fail(QStringLiteral("parameter \"%1\" must be a list of at most %2 strings")
                 .arg(key)
                 .arg(maxCount));
        return {};
    }
    QStringList result;
    for (const QJsonValue &item : array) {
        if (!item.isString() || item.toString().size() > maxLength) {
            fail(QStringLiteral("parameter \"%1\" must be a list of short strings").arg(key));
            return {};
        }
        result.append(item.toString());
    }
    return result;
}

void ParamReader::fail(const QString &message)
{
    if (m_error.isEmpty())
        m_error = message;
}

} // namespace Shoal
