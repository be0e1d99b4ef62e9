#include "http/growing_body.h"

namespace gw::http {

std::optional<std::uint64_t> GrowingBody::wait_for(std::uint64_t bytes) const {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return written_ >= bytes || state_ != State::kArriving; });
  if (state_ == State::kAbandoned) return std::nullopt;
  return written_;
}

std::optional<std::uint64_t> GrowingBody::wait_for(std::uint64_t bytes,
                                                   std::chrono::milliseconds window,
                                                   std::uint64_t min_bytes) const {
  std::unique_lock lock(mutex_);
  auto window_start = written_;
  auto window_end = std::chrono::steady_clock::now() + window;
  while (written_ < bytes && state_ == State::kArriving) {
    if (changed_.wait_until(lock, window_end) == std::cv_status::timeout) {
      if (written_ - window_start < min_bytes) return std::nullopt;  // too slow: let go
      window_start = written_;
      window_end = std::chrono::steady_clock::now() + window;
    }
  }
  if (state_ == State::kAbandoned) return std::nullopt;
  return written_;
}

void GrowingBody::written(std::uint64_t bytes) {
  {
    const std::lock_guard lock(mutex_);
    if (bytes <= written_) return;
    written_ = bytes;
  }
  changed_.notify_all();
}

void GrowingBody::complete() {
  {
    const std::lock_guard lock(mutex_);
    if (state_ != State::kArriving) return;
    state_ = State::kComplete;
  }
  changed_.notify_all();
}

void GrowingBody::abandon() {
  {
    const std::lock_guard lock(mutex_);
    if (state_ != State::kArriving) return;
    state_ = State::kAbandoned;
  }
  changed_.notify_all();
}

}  // namespace gw::http
