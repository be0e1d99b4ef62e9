#pragma once

namespace gw {
// GW_VERSION comes from the CMake project version.
inline constexpr const char* kVersion = GW_VERSION;
}  // namespace gw
