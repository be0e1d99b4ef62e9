#include "core/scratch_file.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>

namespace gw {

Result<ScratchFile> ScratchFile::create(const std::filesystem::path& dir, std::string_view prefix) {
  std::string pattern = (dir / fmt::format("{}XXXXXX", prefix)).string();
  const int fd = ::mkstemp(pattern.data());
  if (fd < 0) {
    return fail(ErrorCode::kIo, fmt::format("cannot create a scratch file in {}: {}", dir.string(),
                                            std::strerror(errno)));
  }
  ::close(fd);
  return ScratchFile(std::filesystem::path(pattern));
}

ScratchFile::~ScratchFile() {
  if (!path_.empty()) {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
  }
}

}  // namespace gw
