#include "core/sha256.h"

#include <fmt/format.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <iterator>
#include <vector>

#include "core/file_descriptor.h"

namespace gw {

void Sha256::CtxFree::operator()(evp_md_ctx_st* ctx) const { EVP_MD_CTX_free(ctx); }

Sha256::Sha256() : ctx_(EVP_MD_CTX_new()) {
  failed_ = !ctx_ || EVP_DigestInit_ex(ctx_.get(), EVP_sha256(), nullptr) != 1;
}

Sha256::~Sha256() = default;

void Sha256::update(const void* data, std::size_t size) {
  if (!failed_ && size > 0) failed_ = EVP_DigestUpdate(ctx_.get(), data, size) != 1;
}

Status Sha256::update_from_file(int fd, std::uint64_t offset, std::uint64_t size) {
  std::vector<unsigned char> buffer(std::min<std::uint64_t>(size, std::uint64_t{1} << 20));
  while (size > 0) {
    const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(size, buffer.size()));
    const ssize_t n = ::pread(fd, buffer.data(), want, static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      failed_ = true;
      return fail(ErrorCode::kIo,
                  n < 0 ? fmt::format("cannot read for SHA-256: {}", std::strerror(errno))
                        : std::string("the file is shorter than expected"));
    }
    update(buffer.data(), static_cast<std::size_t>(n));
    offset += static_cast<std::uint64_t>(n);
    size -= static_cast<std::uint64_t>(n);
  }
  return ok();
}

Result<std::string> Sha256::finish() {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (failed_ || EVP_DigestFinal_ex(ctx_.get(), digest.data(), &length) != 1) {
    failed_ = true;
    return fail(ErrorCode::kCrypto, "SHA-256 failed");
  }
  std::string hex;
  hex.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    fmt::format_to(std::back_inserter(hex), "{:02x}", digest[i]);
  }
  return hex;
}

Result<std::string> sha256_of_file(const std::filesystem::path& file) {
  const FileDescriptor fd(file, O_RDONLY);
  std::error_code ec;
  const auto size = std::filesystem::file_size(file, ec);
  if (!fd.valid() || ec) return fail(ErrorCode::kIo, "cannot read " + file.string());
  Sha256 sha;
  if (auto read = sha.update_from_file(fd.get(), 0, size); !read) {
    return tl::unexpected(read.error());
  }
  return sha.finish();
}

}  // namespace gw
