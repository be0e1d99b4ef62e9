#include "core/read_at.h"

#include <unistd.h>

#include <cerrno>

namespace gw {

std::optional<std::string> read_at(int fd, std::uint64_t offset, std::uint64_t length) {
  std::string bytes;
  if (!read_at_into(fd, offset, length, bytes)) return std::nullopt;
  return bytes;
}

bool read_at_into(int fd, std::uint64_t offset, std::uint64_t length, std::string& into) {
  into.resize(length);  // within its capacity: no allocation, and only a longer end is cleared
  std::size_t done = 0;
  while (done < into.size()) {
    const ssize_t got =
        ::pread(fd, into.data() + done, into.size() - done, static_cast<off_t>(offset + done));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return false;
    done += static_cast<std::size_t>(got);
  }
  return true;
}

}  // namespace gw
