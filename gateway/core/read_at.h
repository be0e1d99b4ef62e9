// Reading a byte range of an open file with pread(2): several threads may
// share one descriptor.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace gw {

// Exactly `length` bytes from `offset`; nothing on an error or an early end.
std::optional<std::string> read_at(int fd, std::uint64_t offset, std::uint64_t length);

// The same into `into`, whose memory is used again (a reader of many blocks
// of a size allocates and clears one, not each); false on an error or an
// early end, `into` then unspecified.
bool read_at_into(int fd, std::uint64_t offset, std::uint64_t length, std::string& into);

}  // namespace gw
