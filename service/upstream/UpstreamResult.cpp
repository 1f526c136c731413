#include "service/upstream/UpstreamResult.h"

namespace Shoal {

const char *UpstreamResult::statusName(Status status)
{
    switch (status) {
    case Status::Answer:
        return "answer";
    case Status::Timeout:
        return "timeout";
    case Status::NetworkError:
        return "network-error";
    case Status::ServerFailure:
        return "server-failure";
    case Status::AllDown:
        return "all-down";
    case Status::NoServers:
        return "no-servers";
    case Status::Overloaded:
        return "overloaded";
    case Status::InvalidQuestion:
        return "invalid-question";
    }
    return "unknown";
}

} // namespace Shoal
