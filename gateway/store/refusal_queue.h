// Refused requests waiting for their audit rows. The threads that refuse
// requests are I/O threads, and a row written there waits for the store's
// one writer (up to its busy timeout, behind a ledger run): a client sending
// refused requests back to back would hold up every connection of the thread.
// Queued instead, and written off those threads in one transaction per batch.
// Bounded, so that no client fills the audit log: each certificate gets at
// most `rows_per_key` rows a minute per reason, and a batch at most
// `max_rows`; past either, refusals are only counted, per certificate and
// reason, and the counts are taken apart from the rows (take(true): gatewayd
// does that once per refusal_audit_interval), one row per key each time.
// Thread-safe.
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

  // True when no flush is arranged: the caller arranges one. One at a
  // time: a flush waits for the store's writer (up to its busy timeout), and
  // each arranged while it waits would hold another worker thread.
  bool push(QueuedRefusal refusal);
  // The rows queued so far, and with `counts` the counts too, for a flush;
  // what was taken is no longer queued.
  RefusalBatch take(bool counts);
  // A batch whose flush failed, back in the queue ahead of what came since
  // (within the bound).
  void restore(RefusalBatch batch);
  // The arranged flush is over, `written` or not. True when it wrote and rows
  // came meanwhile: it stays arranged, and the caller arranges it again.
  // Otherwise none is, and the next push arranges one (after a failure, not
  // at once: a store that is away would be asked in a loop).
  bool flush_done(bool written);

 private:
  const std::size_t max_rows_;
  const std::size_t rows_per_key_;
  std::mutex mutex_;
  std::vector<QueuedRefusal> rows_;
  std::map<RefusalKey, std::uint64_t> counts_;
  // Rows given to each key in the latest minute seen (the first 16
  // characters of `at`); a refusal of an earlier minute is only counted.
  std::string latest_minute_;
  std::map<RefusalKey, std::size_t> rows_this_minute_;
  bool flush_due_ = false;  // a flush is arranged and not done
};

}  // namespace gw::store
