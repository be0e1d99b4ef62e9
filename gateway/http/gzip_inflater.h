// Inflates a gzip request body (RFC 1952; members one after another, as
// `cat a.gz b.gz` makes) piece by piece as it arrives, within bounds: at most
// `max_inflated` bytes in all, and never more than `max_ratio` times the
// compressed bytes read so far (past the first 64 KiB), so that a small body
// cannot make the gateway write gigabytes (a "gzip bomb"). zlib does the work.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>

namespace gw::http {

class GzipInflater {
 public:
  enum class Problem { kNone, kCorrupt, kTooLarge };

  GzipInflater(std::uint64_t max_inflated, std::uint64_t max_ratio);
  ~GzipInflater();
  GzipInflater(const GzipInflater&) = delete;
  GzipInflater& operator=(const GzipInflater&) = delete;

  // Inflates `size` compressed bytes; `out` gets each inflated piece in order.
  // After a problem nothing more is inflated.
  using Sink = std::function<void(const char* data, std::size_t size)>;
  Problem feed(const char* data, std::size_t size, const Sink& out);
  // At the end of the body: kCorrupt unless the last member ended exactly.
  Problem finish() const;

  std::uint64_t inflated() const { return inflated_; }

 private:
  struct Stream;
  std::unique_ptr<Stream> stream_;
  const std::uint64_t max_inflated_;
  const std::uint64_t max_ratio_;
  std::uint64_t compressed_ = 0;
  std::uint64_t inflated_ = 0;
  bool member_open_ = false;  // inside a member (its end not seen yet)
  Problem problem_ = Problem::kNone;
};

}  // namespace gw::http
