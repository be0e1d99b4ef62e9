// Refused requests waiting for their audit rows. The threads that refuse
// requests are I/O threads, and a row written there waits for the store's
// one writer (up to its busy timeout, behind a ledger run): a client sending
// refused requests back to back would hold up every connection of the thread.
// Queued instead, and written off those threads in one transaction per batch.
// Bounded twice, so that no client fills the audit log: each certificate gets
// at most `rows_per_key` rows a minute per reason, and a batch at most
// `max_rows`; past either, refusals are only counted, per certificate and
// reason (one row each with the count). Thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace gw::store {

struct QueuedRefusal {
  std::string serial;  // the certificate's, or empty
  std::string reason;
  nlohmann::json context;
  std::string at;  // when it was refused (UTC, ISO 8601): the row is written later
};

// A certificate's serial (empty: none) and a reason.
using RefusalKey = std::pair<std::string, std::string>;

struct RefusalBatch {
  std::vector<QueuedRefusal> rows;
  std::map<RefusalKey, std::uint64_t> overflow;  // refusals past a bound: counted only

  bool empty() const { return rows.empty() && overflow.empty(); }
};

class RefusalQueue {
 public:
  explicit RefusalQueue(std::size_t max_rows = 10'000, std::size_t rows_per_key = 10)
      : max_rows_(max_rows), rows_per_key_(rows_per_key) {}

  // True when no flush is due yet: the caller arranges one.
  bool push(QueuedRefusal refusal);
  // Everything queued so far, for a flush; the queue is empty after.
  RefusalBatch take();
  // A batch whose flush failed, back in the queue ahead of what came since
  // (within the bound): the next push arranges the next flush.
  void restore(RefusalBatch batch);

 private:
  // Rows given to a key in its current minute (the first 16 characters of `at`).
  struct Minute {
    std::string minute;
    std::size_t rows = 0;
  };

  const std::size_t max_rows_;
  const std::size_t rows_per_key_;
  std::mutex mutex_;
  RefusalBatch pending_;
  std::map<RefusalKey, Minute> minutes_;  // keys of the latest minute seen only
  std::string latest_minute_;
  bool flush_due_ = false;  // a push asked for a flush that has not taken the queue yet
};

}  // namespace gw::store
