// A file that lives only as long as this object: a request body spooled to
// disk, a payment spool, a report being written. Created uniquely named in a
// directory (or adopting a given path) and removed on destruction; moving it
// elsewhere first is fine (removal then finds nothing).
#pragma once

#include <filesystem>
#include <string_view>

#include "core/result.h"

namespace gw {

class ScratchFile {
 public:
  // An empty file <dir>/<prefix>XXXXXX, unique (mkstemp).
  static Result<ScratchFile> create(const std::filesystem::path& dir, std::string_view prefix);
  // Takes charge of `path` (which may not exist yet).
  explicit ScratchFile(std::filesystem::path path) : path_(std::move(path)) {}
  ScratchFile(ScratchFile&& other) noexcept : path_(std::move(other.path_)) { other.path_.clear(); }
  ScratchFile& operator=(ScratchFile&&) = delete;
  ~ScratchFile();

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace gw
