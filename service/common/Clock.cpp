#include "service/common/Clock.h"

#include <QDateTime>

namespace Shoal {

qint64 SystemClock::nowMs() const { return QDateTime::currentMSecsSinceEpoch(); }

} // namespace Shoal
