#include "store/sqlite/wal_checkpointer.h"

#include <exception>

namespace gw::store {

WalCheckpointer::WalCheckpointer(std::function<Result<bool>()> checkpoint)
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

Result<bool> WalCheckpointer::run_once() const {
  try {
    return checkpoint_();
  } catch (const std::exception& e) {  // e.g. out of memory: this thread must go on
    return fail(ErrorCode::kStore, e.what());
  }
}

void WalCheckpointer::run(const std::stop_token& stop) {
  std::unique_lock lock(mutex_);
  // wait() answers the predicate once stopped: a request still pending then is dropped.
  while (wanted_.wait(lock, stop, [&] { return requested_; }) && !stop.stop_requested()) {
    requested_ = false;
    lock.unlock();
    const Result<bool> all = run_once();
    lock.lock();
    if (!all) {
      ++counts_.failed;
      counts_.last_error = all.error().message;
    } else if (*all) {
      ++counts_.complete;
    } else {
      ++counts_.partial;
    }
  }
}

}  // namespace gw::store
