// SHA-256, fed piece by piece or from a whole file: the identity of an
// upload's exact bytes (idempotent re-sends are recognised by it).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "core/result.h"

struct evp_md_ctx_st;

namespace gw {

class Sha256 {
 public:
  Sha256();
  Sha256(Sha256&&) noexcept = default;
  Sha256& operator=(Sha256&&) noexcept = default;
  ~Sha256();

  void update(const void* data, std::size_t size);
  // Adds bytes [offset, offset + size) of an open file.
  Status update_from_file(int fd, std::uint64_t offset, std::uint64_t size);
  // Lower-case hex of everything added; an error if any step failed.
  Result<std::string> finish();

 private:
  struct CtxFree {
    void operator()(evp_md_ctx_st* ctx) const;
  };
  std::unique_ptr<evp_md_ctx_st, CtxFree> ctx_;
  bool failed_ = false;
};

// Lower-case hex of a whole file, streamed.
Result<std::string> sha256_of_file(const std::filesystem::path& file);

}  // namespace gw
