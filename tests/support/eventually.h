// Waiting in tests for something another process does: a condition polled
// every 50 ms until it holds or the time is up.
#pragma once

#include <chrono>
#include <thread>

namespace gw::test {

// True as soon as `condition()` is; false once `limit` has passed without.
template <class Condition>
bool eventually(std::chrono::milliseconds limit, Condition condition) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  for (;;) {
    if (condition()) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

}  // namespace gw::test
