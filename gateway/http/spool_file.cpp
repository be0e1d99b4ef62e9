#include "http/spool_file.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>

namespace gw::http {

Status prepare_spool_dir(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || ::chmod(dir.c_str(), 0700) != 0) {
    return fail(ErrorCode::kIo, fmt::format("cannot prepare spool directory {}", dir.string()));
  }
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.is_regular_file(ec)) std::filesystem::remove(entry.path(), ec);
  }
  return ok();
}

}  // namespace gw::http
