#include "api/attempt_blocks.h"

namespace gw::api {

bool AttemptBlocks::blocked(const std::string& key, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  const auto it = blocks_.find(key);
  if (it == blocks_.end()) return false;
  if (it->second <= now) {
    blocks_.erase(it);
    return false;
  }
  return true;
}

void AttemptBlocks::block(const std::string& key, Clock::time_point until) {
  std::lock_guard lock(mutex_);
  if (blocks_.size() >= max_keys_) {
    const auto now = Clock::now();
    std::erase_if(blocks_, [&](const auto& entry) { return entry.second <= now; });
    if (blocks_.size() >= max_keys_) return;  // the store still refuses this key
  }
  blocks_[key] = until;
}

}  // namespace gw::api
