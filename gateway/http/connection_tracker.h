// Counts one listener's live connections against its caps — in all, per
// source address, and per source address still in the TLS handshake — and
// reaches each of them when the server drains for shutdown. Thread-safe.
//
// Each listener has a tracker of its own, so that connections to one (the
// activation listener, open to anyone) cannot use up another's budget; the
// per-address caps keep one address from using up its own listener's. An
// "address" here is its network (http/address_network.h): an IPv6 client's
// whole /64 counts as one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <tl/expected.hpp>
#include <unordered_map>

namespace gw::http {

// A connection that can be asked to finish its current request and close.
class Drainable {
 public:
  virtual ~Drainable() = default;
  // Called from any thread; the implementation hops to its own strand.
  virtual void drain() = 0;
};

struct ConnectionCaps {
  std::size_t total = 0;
  std::size_t per_address = 0;
  std::size_t handshakes_per_address = 0;  // connections not yet through the handshake
  // How much of an IPv6 address is one client (http/address_network.h): a
  // /64 where anyone may connect; 128 (the address) on the operator console,
  // whose operators share the treasury's own LAN.
  unsigned ipv6_prefix = 64;
};

// Why a connection was refused at accept; also its metric label.
enum class ConnectionRefusal { kListenerFull, kAddressFull, kAddressHandshakes };
const char* refusal_label(ConnectionRefusal refusal);

class ConnectionTracker {
 public:
  // Held by a connection for its lifetime; releases the place when destroyed.
  class Slot {
   public:
    Slot(ConnectionTracker& tracker, std::uint64_t id) : tracker_(&tracker), id_(id) {}
    Slot(Slot&& other) noexcept : tracker_(other.tracker_), id_(other.id_) {
      other.tracker_ = nullptr;
    }
    Slot& operator=(Slot&&) = delete;
    ~Slot();
    std::uint64_t id() const { return id_; }
    // The handshake is done: the connection no longer counts against its
    // address's handshake cap (only against the others). Idempotent.
    void handshake_done();
    // A balancer's connection has named its client (PROXY header): from now
    // on it counts against the client's address instead, if that has room.
    tl::expected<void, ConnectionRefusal> readdress(const std::string& address);

   private:
    ConnectionTracker* tracker_;
    std::uint64_t id_;
  };

  explicit ConnectionTracker(ConnectionCaps caps) : caps_(caps) {}

  // A place for a new connection from `address`, or why there is none.
  tl::expected<Slot, ConnectionRefusal> try_open(const std::string& address);
  // A place for a connection from a load balancer whose PROXY header has not
  // arrived yet: it counts against the listener's total and, apart from the
  // balancer's clients, against the balancer's own per-address caps (so a
  // balancer address cannot hold more connections without headers than any
  // address can); Slot::readdress() moves it to the client.
  tl::expected<Slot, ConnectionRefusal> try_open_from_balancer(const std::string& balancer);
  // Registers the connection's drain hook (after construction, when
  // shared_from_this works).
  void attach(std::uint64_t id, std::weak_ptr<Drainable> connection);
  // From now on every connection is asked to drain, the new ones included.
  void drain_all();
  std::size_t active() const;
  // The network `address` counts as on this listener (caps.ipv6_prefix).
  std::string network_of(const std::string& address) const;
  // Connections from `address`'s network now (all, and those in the handshake).
  std::pair<std::size_t, std::size_t> from(const std::string& address) const;
  bool draining() const;

 private:
  struct Connection {
    std::string address;
    bool handshaking = true;
    std::weak_ptr<Drainable> drain;
  };
  struct AddressCount {
    std::size_t connections = 0;
    std::size_t handshakes = 0;
  };

  void release(std::uint64_t id);
  void handshake_done(std::uint64_t id);
  tl::expected<void, ConnectionRefusal> readdress(std::uint64_t id, const std::string& address);
  // Which cap `count` has reached for one more connection (still in its
  // handshake, or not), if any.
  std::optional<ConnectionRefusal> full(const AddressCount& count, bool handshaking) const;
  // Takes a place for `key` (under the lock), or says which cap is full.
  tl::expected<std::uint64_t, ConnectionRefusal> open_locked(const std::string& key);

  const ConnectionCaps caps_;
  mutable std::mutex mutex_;
  std::unordered_map<std::uint64_t, Connection> live_;
  std::unordered_map<std::string, AddressCount> by_address_;
  std::uint64_t next_id_ = 1;
  bool draining_ = false;
};

}  // namespace gw::http
