// Runs the ledger core inside gatewayd at a fixed interval on its own thread,
// so that accepted payments are executed without an operator. Stops promptly
// (between runs; a run in progress finishes its transaction). Runs only while
// it holds the ledger lease (store/ledger_lease.h): with several nodes on one
// database, one books, the others stand by and take over when it is gone.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "ledger/ledger_core.h"
#include "log/logger.h"
#include "store/ledger_lease.h"

namespace gw::ledger {

class LedgerWorker {
 public:
  // What follows each run that did not fail (e.g. the camt.054
  // notifications of what it booked), with the run's time.
  using AfterRun = std::function<void(std::chrono::system_clock::time_point)>;

  // Told when this node takes or loses the lead.
  using LeadChanged = std::function<void(bool leads)>;

  // `core`, `lease` and `log` must outlive the worker.
  LedgerWorker(const LedgerCore& core, store::LedgerLease& lease,
               std::chrono::milliseconds interval, const Logger& log, AfterRun after_run = {},
               LeadChanged lead_changed = {})
      : core_(core),
        lease_(lease),
        interval_(interval),
        log_(log),
        after_run_(std::move(after_run)),
        lead_changed_(std::move(lead_changed)) {}
  ~LedgerWorker() { stop(); }
  LedgerWorker(const LedgerWorker&) = delete;
  LedgerWorker& operator=(const LedgerWorker&) = delete;

  void start();
  void stop();
  // Whether this node runs the ledger now (false before the first attempt,
  // and when the worker does not run: interval 0).
  bool leads() const { return leads_; }

 private:
  void loop();
  // Asks the lease; false when this node may not run now.
  bool may_run();

  const LedgerCore& core_;
  store::LedgerLease& lease_;
  const std::chrono::milliseconds interval_;
  const Logger& log_;
  AfterRun after_run_;
  LeadChanged lead_changed_;
  std::atomic<bool> leads_{false};
  std::string last_lease_failure_;  // the worker thread's own; empty: the last attempt answered
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace gw::ledger
