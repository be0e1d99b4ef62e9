// Reading a byte range of an open file with pread(2): several threads may
// share one descriptor.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace gw {

// Exactly `length` bytes from `offset`; nothing on an error or an early end.
std::optional<std::string> read_at(int fd, std::uint64_t offset, std::uint64_t length);

}  // namespace gw
