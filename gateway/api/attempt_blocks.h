// Keys (source addresses, user numbers) that made too many failed activation
// attempts, blocked until a time, in memory. Once a key is blocked its
// attempts are answered 429 without a store read or write, so a flood from a
// blocked address costs nothing but this lookup. Thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

namespace gw::api {

class AttemptBlocks {
 public:
  using Clock = std::chrono::system_clock;

  // At most `max_keys` keys are remembered; past that, expired ones are
  // dropped first and then the store decides again (it holds every failure).
  explicit AttemptBlocks(std::size_t max_keys = 100'000) : max_keys_(max_keys) {}

  // True when `key` is blocked at `now`.
  bool blocked(const std::string& key, Clock::time_point now);
  // Blocks `key` until `until`.
  void block(const std::string& key, Clock::time_point until);

 private:
  const std::size_t max_keys_;
  std::mutex mutex_;
  std::unordered_map<std::string, Clock::time_point> blocks_;  // key -> blocked until
};

}  // namespace gw::api
