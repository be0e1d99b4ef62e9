// Another process (sqlite3) holding the SQLite store's write lock, as a long
// ledger run or gatewayctl would: what the gateway does while it waits for
// the lock, and once it goes. Staged on SQLite only (PostgreSQL has no such
// lock to wait for).
#pragma once

#include <optional>
#include <string>

#include "support/gateway_fixture.h"
#include "support/process.h"

namespace gw::test {

class StoreWriteLock {
 public:
  // Held once this returns: BEGIN IMMEDIATE, then `statements` inside the
  // transaction (e.g. a revocation committed on release()), which must
  // change `changed_rows` rows (its last statement: changes()).
  explicit StoreWriteLock(const GatewayFixture& gw, const std::string& statements = "",
                          int changed_rows = 0);
  StoreWriteLock(const StoreWriteLock&) = delete;
  StoreWriteLock& operator=(const StoreWriteLock&) = delete;
  ~StoreWriteLock();  // releases it if still held

  // COMMIT: what `statements` wrote is in, the lock goes and the process ends.
  void release();

 private:
  std::optional<Process> holder_;
};

}  // namespace gw::test
