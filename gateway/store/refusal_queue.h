// Refused requests waiting for their audit rows. The threads that refuse
// requests are I/O threads, and a row written there waits for the store's
// one writer (up to its busy timeout, behind a ledger run): a client sending
// refused requests back to back would hold up every connection of the thread.
// Queued instead, and written off those threads in one transaction per batch.
// Bounded: past `max_rows`, refusals are only counted, per reason. Thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace gw::store {

struct QueuedRefusal {
  std::string serial;  // the certificate's, or empty
  std::string reason;
  nlohmann::json context;
  std::string at;  // when it was refused (UTC): the row is written later
};

struct RefusalBatch {
  std::vector<QueuedRefusal> rows;
  std::map<std::string, std::uint64_t> overflow;  // by reason: refusals past the bound

  bool empty() const { return rows.empty() && overflow.empty(); }
};

class RefusalQueue {
 public:
  explicit RefusalQueue(std::size_t max_rows = 10'000) : max_rows_(max_rows) {}

  // True when no flush is due yet: the caller arranges one.
  bool push(QueuedRefusal refusal);
  // Everything queued so far, for a flush; the queue is empty after.
  RefusalBatch take();
  // A batch whose flush failed, back in the queue ahead of what came since
  // (within the bound): the next push arranges the next flush.
  void restore(RefusalBatch batch);

 private:
  const std::size_t max_rows_;
  std::mutex mutex_;
  RefusalBatch pending_;
  bool flush_due_ = false;  // a push asked for a flush that has not taken the queue yet
};

}  // namespace gw::store
