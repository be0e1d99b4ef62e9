// Hashes a request body's spool file while the body is still arriving, on a
// strand of the request-handler pool: the I/O thread receiving the body keeps
// one core busy, the SHA-256 uses the other, and the digest of a 70 MB upload
// is ready with its last byte instead of ~50 ms later.
#pragma once

#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/file_descriptor.h"
#include "core/sha256.h"

namespace gw::http {

class SpoolHasher : public std::enable_shared_from_this<SpoolHasher> {
 public:
  using Strand = boost::asio::strand<boost::asio::thread_pool::executor_type>;

  // Hashing runs on a strand of `pool`; without a pool, inline.
  static std::shared_ptr<SpoolHasher> open(const std::filesystem::path& file,
                                           boost::asio::thread_pool* pool);
  SpoolHasher(FileDescriptor fd, std::optional<Strand> strand)
      : fd_(std::move(fd)), strand_(std::move(strand)) {}

  // The first `bytes` of the file are written for good: hash what is new.
  // Called by the receiving side only, in order.
  void written(std::uint64_t bytes);
  // After the last written(): once everything is hashed, calls `then` with
  // the lower-case hex digest (empty if reading the file failed), on the
  // hashing strand (or inline without a pool).
  void finish(std::function<void(std::string)> then);

 private:
  void hash(std::uint64_t from, std::uint64_t to);

  FileDescriptor fd_;
  std::optional<Strand> strand_;
  std::uint64_t announced_ = 0;  // receiving side: bytes handed to hash()
  Sha256 sha_;                   // hashing strand only
  bool failed_ = false;          // hashing strand only
};

}  // namespace gw::http
