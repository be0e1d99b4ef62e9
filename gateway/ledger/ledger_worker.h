// Runs the ledger core inside gatewayd at a fixed interval on its own thread,
// so that accepted payments are executed without an operator. Stops promptly
// (between runs; a run in progress finishes its transaction).
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "ledger/ledger_core.h"
#include "log/logger.h"

namespace gw::ledger {

class LedgerWorker {
 public:
  // What follows each run that did not fail (e.g. the camt.054
  // notifications of what it booked), with the run's time.
  using AfterRun = std::function<void(std::chrono::system_clock::time_point)>;

  // `core` and `log` must outlive the worker.
  LedgerWorker(const LedgerCore& core, std::chrono::milliseconds interval, const Logger& log,
               AfterRun after_run = {})
      : core_(core), interval_(interval), log_(log), after_run_(std::move(after_run)) {}
  ~LedgerWorker() { stop(); }
  LedgerWorker(const LedgerWorker&) = delete;
  LedgerWorker& operator=(const LedgerWorker&) = delete;

  void start();
  void stop();

 private:
  void loop();

  const LedgerCore& core_;
  const std::chrono::milliseconds interval_;
  const Logger& log_;
  AfterRun after_run_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace gw::ledger
