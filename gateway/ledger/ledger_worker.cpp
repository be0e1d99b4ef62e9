#include "ledger/ledger_worker.h"

namespace gw::ledger {

void LedgerWorker::start() {
  if (interval_.count() <= 0 || thread_.joinable()) return;
  thread_ = std::thread([this] { loop(); });
}

void LedgerWorker::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool LedgerWorker::may_run() {
  auto held = lease_.hold();
  // Logged when the failure starts or changes, not at every attempt of an
  // outage (every run interval).
  if (!held && held.error().message != last_lease_failure_) {
    log_.error("ledger_lease_failed", {{"detail", held.error().message}});
  }
  last_lease_failure_ = held ? std::string() : held.error().message;
  const bool now_leads = held.value_or(false);
  if (leads_.exchange(now_leads) != now_leads) {
    log_.info(now_leads ? "ledger_lead_taken" : "ledger_lead_lost", {});
    if (lead_changed_) lead_changed_(now_leads);
  }
  return now_leads;
}

void LedgerWorker::loop() {
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, interval_, [this] { return stopping_; })) {
    lock.unlock();
    if (!may_run()) {
      lock.lock();
      continue;
    }
    const auto now = std::chrono::system_clock::now();
    auto run = core_.run_due(now);
    if (run && after_run_) after_run_(now);
    if (!run) {
      log_.error("ledger_run_failed", {{"detail", run.error().message}});
    } else if (run->booked + run->rejected > 0) {
      log_.info("ledger_run", {{"business_date", run->business_date},
                               {"booked", run->booked},
                               {"rejected", run->rejected},
                               {"messages", run->messages}});
    }
    lock.lock();
  }
}

}  // namespace gw::ledger
