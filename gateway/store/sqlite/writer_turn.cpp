#include "store/sqlite/writer_turn.h"

namespace gw::store {

bool WriterTurn::take(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  const std::uint64_t ticket = next_ticket_++;
  if (!changed_.wait_for(lock, timeout, [&] { return !taken_ && serving_ == ticket; })) {
    // Not next (then the predicate would hold): skipped when its turn comes.
    given_up_.insert(ticket);
    return false;
  }
  taken_ = true;
  return true;
}

void WriterTurn::give_back() {
  {
    std::lock_guard lock(mutex_);
    if (!taken_) return;  // nothing to give back: the line must not move
    taken_ = false;
    ++serving_;
    skip_given_up();
  }
  changed_.notify_all();  // each waits for its own ticket
}

std::size_t WriterTurn::waiting() const {
  std::lock_guard lock(mutex_);
  const std::uint64_t in_line = next_ticket_ - serving_ - (taken_ ? 1 : 0);
  return static_cast<std::size_t>(in_line - given_up_.size());
}

void WriterTurn::skip_given_up() {
  while (!taken_ && given_up_.erase(serving_) > 0) ++serving_;
}

}  // namespace gw::store
