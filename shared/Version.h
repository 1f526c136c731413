#pragma once

// The product's version, set by the build from the CMake project version.
namespace Shoal {
inline constexpr const char *version = SHOAL_VERSION;
} // namespace Shoal
