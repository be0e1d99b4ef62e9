#include "store/sqlite/wal_checkpointer.h"

namespace gw::store {

WalCheckpointer::WalCheckpointer(std::function<Status()> checkpoint)
    : checkpoint_(std::move(checkpoint)),
      thread_([this](const std::stop_token& stop) { run(stop); }) {}

WalCheckpointer::~WalCheckpointer() {
  thread_.request_stop();  // wakes the wait (condition_variable_any with a stop token)
}

void WalCheckpointer::request() {
  {
    const std::lock_guard lock(mutex_);
    requested_ = true;
  }
  wanted_.notify_one();
}

WalCheckpointer::Counts WalCheckpointer::counts() const {
  const std::lock_guard lock(mutex_);
  return counts_;
}

void WalCheckpointer::run(const std::stop_token& stop) {
  std::unique_lock lock(mutex_);
  while (wanted_.wait(lock, stop, [&] { return requested_; })) {
    requested_ = false;
    lock.unlock();
    const Status s = checkpoint_();
    lock.lock();
    if (s) {
      ++counts_.done;
    } else {
      ++counts_.failed;
      counts_.last_error = s.error().message;
    }
  }
}

}  // namespace gw::store
