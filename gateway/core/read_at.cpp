#include "core/read_at.h"

#include <unistd.h>

#include <cerrno>

namespace gw {

std::optional<std::string> read_at(int fd, std::uint64_t offset, std::uint64_t length) {
  std::string bytes(length, '\0');
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t got =
        ::pread(fd, bytes.data() + done, bytes.size() - done, static_cast<off_t>(offset + done));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return std::nullopt;
    done += static_cast<std::size_t>(got);
  }
  return bytes;
}

}  // namespace gw
