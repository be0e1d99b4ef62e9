// How a reader waits for a file still being written (a request body
// arriving): FileArrival(bytes) returns once at least `bytes` of it are on
// disk, or it is complete, saying how many are; nothing when the file will
// never be complete (the body failed). Kept apart from spliced_input.h so
// that modules handing it on do not see Xerces.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>

namespace gw::xml {

using FileArrival = std::function<std::optional<std::uint64_t>(std::uint64_t bytes)>;

}  // namespace gw::xml
