// The ledger lease on PostgreSQL: a session advisory lock held on a
// connection of the lease's own. The server releases it when that session
// ends: at once when the node's process dies (its socket closes), after the
// TCP keepalive or user timeout when the network between them fails. A
// holder checks its connection on every hold(); one that finds it broken
// has lost the lease, and connects again to try for it.
#pragma once

#include <mutex>
#include <optional>
#include <string>

#include "store/ledger_lease.h"
#include "store/postgres/pg_connection.h"

namespace gw::store {

class PgLedgerLease final : public LedgerLease {
 public:
  explicit PgLedgerLease(std::string url) : url_(std::move(url)) {}

  Result<bool> hold() override;

 private:
  Result<bool> try_take();

  const std::string url_;
  std::mutex mutex_;
  std::optional<PgConnection> conn_;
  bool held_ = false;
};

}  // namespace gw::store
