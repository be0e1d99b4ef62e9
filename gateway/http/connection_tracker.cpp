#include "http/connection_tracker.h"

#include <vector>

namespace gw::http {

ConnectionTracker::Slot::~Slot() {
  if (tracker_ != nullptr) tracker_->release(id_);
}

std::optional<ConnectionTracker::Slot> ConnectionTracker::try_open() {
  std::lock_guard lock(mutex_);
  if (live_.size() >= max_) return std::nullopt;
  const std::uint64_t id = next_id_++;
  live_.emplace(id, std::weak_ptr<Drainable>{});
  return Slot(*this, id);
}

void ConnectionTracker::attach(std::uint64_t id, std::weak_ptr<Drainable> connection) {
  bool drain_now = false;
  {
    std::lock_guard lock(mutex_);
    if (auto it = live_.find(id); it != live_.end()) it->second = connection;
    drain_now = draining_;
  }
  if (drain_now) {
    if (auto c = connection.lock()) c->drain();
  }
}

void ConnectionTracker::drain_all() {
  std::vector<std::shared_ptr<Drainable>> targets;
  {
    std::lock_guard lock(mutex_);
    draining_ = true;
    for (auto& [id, weak] : live_) {
      if (auto c = weak.lock()) targets.push_back(std::move(c));
    }
  }
  for (auto& c : targets) c->drain();
}

std::size_t ConnectionTracker::active() const {
  std::lock_guard lock(mutex_);
  return live_.size();
}

bool ConnectionTracker::draining() const {
  std::lock_guard lock(mutex_);
  return draining_;
}

void ConnectionTracker::release(std::uint64_t id) {
  std::lock_guard lock(mutex_);
  live_.erase(id);
}

}  // namespace gw::http
