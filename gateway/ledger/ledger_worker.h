// Runs the ledger core inside gatewayd at a fixed interval on its own thread,
// so that accepted payments are executed without an operator. Stops promptly
// (between runs; a run in progress finishes its transaction).
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "ledger/ledger_core.h"
#include "log/logger.h"

namespace gw::ledger {

class LedgerWorker {
 public:
  // `core` and `log` must outlive the worker.
  LedgerWorker(const LedgerCore& core, std::chrono::milliseconds interval, const Logger& log)
      : core_(core), interval_(interval), log_(log) {}
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
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace gw::ledger
