#include "http/connection_tracker.h"

#include <vector>

#include "http/address_network.h"

namespace gw::http {
namespace {

// Connections of a balancer still waiting for their PROXY header are counted
// under a key no client address can have.
std::string balancer_key(const std::string& balancer) { return "proxy " + balancer; }

}  // namespace

const char* refusal_label(ConnectionRefusal refusal) {
  switch (refusal) {
    case ConnectionRefusal::kListenerFull:
      return "listener_full";
    case ConnectionRefusal::kAddressFull:
      return "address_full";
    case ConnectionRefusal::kAddressHandshakes:
      return "address_handshakes";
  }
  return "unknown";
}

ConnectionTracker::Slot::~Slot() {
  if (tracker_ != nullptr) tracker_->release(id_);
}

void ConnectionTracker::Slot::handshake_done() {
  if (tracker_ != nullptr) tracker_->handshake_done(id_);
}

tl::expected<void, ConnectionRefusal> ConnectionTracker::Slot::readdress(
    const std::string& address) {
  if (tracker_ == nullptr) return {};
  return tracker_->readdress(id_, address);
}

std::optional<ConnectionRefusal> ConnectionTracker::full(const AddressCount& count,
                                                         bool handshaking) const {
  if (count.connections >= caps_.per_address) return ConnectionRefusal::kAddressFull;
  if (handshaking && count.handshakes >= caps_.handshakes_per_address) {
    return ConnectionRefusal::kAddressHandshakes;
  }
  return std::nullopt;
}

tl::expected<std::uint64_t, ConnectionRefusal> ConnectionTracker::open_locked(
    const std::string& key) {
  if (live_.size() >= caps_.total) return tl::unexpected(ConnectionRefusal::kListenerFull);
  AddressCount& count = by_address_[key];
  if (const auto refusal = full(count, true)) {
    if (count.connections == 0) by_address_.erase(key);
    return tl::unexpected(*refusal);
  }
  ++count.connections;
  ++count.handshakes;
  const std::uint64_t id = next_id_++;
  live_.emplace(id, Connection{key, true, {}});
  return id;
}

tl::expected<ConnectionTracker::Slot, ConnectionRefusal> ConnectionTracker::try_open(
    const std::string& address) {
  const std::string key = network_of(address);
  std::lock_guard lock(mutex_);
  auto id = open_locked(key);
  if (!id) return tl::unexpected(id.error());
  return Slot(*this, *id);
}

tl::expected<ConnectionTracker::Slot, ConnectionRefusal> ConnectionTracker::try_open_from_balancer(
    const std::string& balancer) {
  std::lock_guard lock(mutex_);
  auto id = open_locked(balancer_key(balancer));
  if (!id) return tl::unexpected(id.error());
  return Slot(*this, *id);
}

tl::expected<void, ConnectionRefusal> ConnectionTracker::readdress(std::uint64_t id,
                                                                   const std::string& address) {
  const std::string key = network_of(address);
  std::lock_guard lock(mutex_);
  const auto it = live_.find(id);
  if (it == live_.end() || it->second.address == key) return {};
  AddressCount& to = by_address_[key];
  if (const auto refusal = full(to, it->second.handshaking)) {
    if (to.connections == 0) by_address_.erase(key);
    return tl::unexpected(*refusal);
  }
  ++to.connections;
  if (it->second.handshaking) ++to.handshakes;
  if (const auto from = by_address_.find(it->second.address); from != by_address_.end()) {
    --from->second.connections;
    if (it->second.handshaking) --from->second.handshakes;
    if (from->second.connections == 0) by_address_.erase(from);
  }
  it->second.address = key;
  return {};
}

void ConnectionTracker::attach(std::uint64_t id, std::weak_ptr<Drainable> connection) {
  bool drain_now = false;
  {
    std::lock_guard lock(mutex_);
    if (auto it = live_.find(id); it != live_.end()) it->second.drain = connection;
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
    for (auto& [id, connection] : live_) {
      if (auto c = connection.drain.lock()) targets.push_back(std::move(c));
    }
  }
  for (auto& c : targets) c->drain();
}

std::size_t ConnectionTracker::active() const {
  std::lock_guard lock(mutex_);
  return live_.size();
}

std::string ConnectionTracker::network_of(const std::string& address) const {
  return address_network(address, caps_.ipv6_prefix);
}

std::pair<std::size_t, std::size_t> ConnectionTracker::from(const std::string& address) const {
  const std::string key = network_of(address);
  std::lock_guard lock(mutex_);
  const auto it = by_address_.find(key);
  if (it == by_address_.end()) return {0, 0};
  return {it->second.connections, it->second.handshakes};
}

bool ConnectionTracker::draining() const {
  std::lock_guard lock(mutex_);
  return draining_;
}

void ConnectionTracker::handshake_done(std::uint64_t id) {
  std::lock_guard lock(mutex_);
  const auto it = live_.find(id);
  if (it == live_.end() || !it->second.handshaking) return;
  it->second.handshaking = false;
  --by_address_[it->second.address].handshakes;
}

void ConnectionTracker::release(std::uint64_t id) {
  std::lock_guard lock(mutex_);
  const auto it = live_.find(id);
  if (it == live_.end()) return;
  const auto address = by_address_.find(it->second.address);
  if (address != by_address_.end()) {
    --address->second.connections;
    if (it->second.handshaking) --address->second.handshakes;
    if (address->second.connections == 0) by_address_.erase(address);
  }
  live_.erase(it);
}

}  // namespace gw::http
