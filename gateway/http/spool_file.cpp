#include "http/spool_file.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace gw::http {

Result<SpoolFile> SpoolFile::create(const std::filesystem::path& dir) {
  std::string pattern = (dir / "body-XXXXXX").string();
  const int fd = ::mkstemp(pattern.data());
  if (fd < 0) {
    return fail(ErrorCode::kIo, fmt::format("cannot create a spool file in {}: {}", dir.string(),
                                            std::strerror(errno)));
  }
  ::close(fd);
  return SpoolFile(pattern);
}

SpoolFile::~SpoolFile() {
  if (!path_.empty()) {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
  }
}

Status prepare_spool_dir(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || ::chmod(dir.c_str(), 0700) != 0) {
    return fail(ErrorCode::kIo, fmt::format("cannot prepare spool directory {}", dir.string()));
  }
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().filename().string().rfind("body-", 0) == 0) {
      std::filesystem::remove(entry.path(), ec);
    }
  }
  return ok();
}

}  // namespace gw::http
