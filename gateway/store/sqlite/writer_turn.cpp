#include "store/sqlite/writer_turn.h"

namespace gw::store {

bool WriterTurn::take(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  if (!given_back_.wait_for(lock, timeout, [this] { return !taken_; })) return false;
  taken_ = true;
  return true;
}

void WriterTurn::give_back() {
  {
    std::lock_guard lock(mutex_);
    taken_ = false;
  }
  given_back_.notify_one();
}

}  // namespace gw::store
