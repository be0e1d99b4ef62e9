#include "core/owner_only.h"

#include <sys/stat.h>

namespace gw {

void create_files_owner_only() { ::umask(077); }

Status restrict_directory_to_owner(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::permissions(dir, std::filesystem::perms::owner_all,
                               std::filesystem::perm_options::replace, ec);
  if (ec) return fail(ErrorCode::kIo, "cannot restrict " + dir.string() + ": " + ec.message());
  return ok();
}

}  // namespace gw
