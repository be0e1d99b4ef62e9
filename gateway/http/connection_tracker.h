// Counts live connections against the configured cap and reaches each of them
// when the server drains for shutdown. Thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>

namespace gw::http {

// A connection that can be asked to finish its current request and close.
class Drainable {
 public:
  virtual ~Drainable() = default;
  // Called from any thread; the implementation hops to its own strand.
  virtual void drain() = 0;
};

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

   private:
    ConnectionTracker* tracker_;
    std::uint64_t id_;
  };

  explicit ConnectionTracker(std::size_t max_connections) : max_(max_connections) {}

  // A place for a new connection, or nothing when the cap is reached.
  std::optional<Slot> try_open();
  // Registers the connection's drain hook (after construction, when
  // shared_from_this works).
  void attach(std::uint64_t id, std::weak_ptr<Drainable> connection);
  // From now on every connection is asked to drain, the new ones included.
  void drain_all();
  std::size_t active() const;
  bool draining() const;

 private:
  void release(std::uint64_t id);

  const std::size_t max_;
  mutable std::mutex mutex_;
  std::unordered_map<std::uint64_t, std::weak_ptr<Drainable>> live_;
  std::uint64_t next_id_ = 1;
  bool draining_ = false;
};

}  // namespace gw::http
