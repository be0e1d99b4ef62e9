// A request body while it is being spooled, for work that starts on its
// first bytes (the validation of a large upload): readers wait here until
// the bytes they need are on disk. The receiving session reports progress,
// completion, or that the body will never be complete (it failed, timed out
// or the connection went), which releases every waiting reader.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>

namespace gw::http {

class GrowingBody {
 public:
  GrowingBody(std::filesystem::path path, std::optional<std::uint64_t> expected_size)
      : path_(std::move(path)), expected_size_(expected_size) {}

  const std::filesystem::path& path() const { return path_; }
  // The Content-Length; for a gzip body, an estimate of its inflated size
  // (the file may end before or after it); nothing for a body sent without
  // a length (chunked): the reader may estimate it from what it reads.
  std::optional<std::uint64_t> expected_size() const { return expected_size_; }

  // Waits until at least `bytes` are on disk or the body is complete; the
  // bytes on disk then, or nothing when the body will never be complete.
  std::optional<std::uint64_t> wait_for(std::uint64_t bytes) const;
  // The same, for a reader that holds something others may want (early
  // validation's one place): it gives up, nothing, when fewer than
  // `min_bytes` arrive in a `window` while it waits (a body dribbled in).
  std::optional<std::uint64_t> wait_for(std::uint64_t bytes, std::chrono::milliseconds window,
                                        std::uint64_t min_bytes) const;

  // The receiving side: the first `bytes` are written for good; all of it is;
  // it never will be (a no-op once complete).
  void written(std::uint64_t bytes);
  void complete();
  void abandon();

 private:
  enum class State { kArriving, kComplete, kAbandoned };

  const std::filesystem::path path_;
  const std::optional<std::uint64_t> expected_size_;
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::uint64_t written_ = 0;
  State state_ = State::kArriving;
};

}  // namespace gw::http
