// A uniquely named file under the spool directory that receives one request
// body. The file is removed when the SpoolFile is destroyed, unless the
// application moved it elsewhere first (then removal finds nothing).
#pragma once

#include <filesystem>

#include "core/result.h"

namespace gw::http {

class SpoolFile {
 public:
  static Result<SpoolFile> create(const std::filesystem::path& dir);
  SpoolFile(SpoolFile&& other) noexcept : path_(std::move(other.path_)) { other.path_.clear(); }
  SpoolFile& operator=(SpoolFile&&) = delete;
  ~SpoolFile();

  const std::filesystem::path& path() const { return path_; }

 private:
  explicit SpoolFile(std::filesystem::path path) : path_(std::move(path)) {}
  std::filesystem::path path_;
};

// Creates the spool directory (mode 0700) and removes files a crashed process
// left behind: a spooled body was never acknowledged, so nothing is lost.
Status prepare_spool_dir(const std::filesystem::path& dir);

}  // namespace gw::http
