// Opens the store the configuration names (store.backend): a pool of
// connections to the SQLite file or the PostgreSQL server, with the
// backend's migrations applied. The one place besides the tests that names
// a backend; gatewayd and gatewayctl both start here.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "config/gateway_config.h"
#include "core/result.h"
#include "store/ledger_lease.h"
#include "store/sql/connection_pool.h"

namespace gw::backend {

struct OpenedStore {
  std::unique_ptr<store::ConnectionPool> pool;
  // Whether this process may run the ledger core (several nodes on PostgreSQL).
  std::unique_ptr<store::LedgerLease> ledger_lease;
  int migrations_applied = 0;
  // For the log: the file, or the server and database (never a password).
  std::string where;
};

// `max_connections`: the pool's bound. Creates the SQLite file's directory.
Result<OpenedStore> open_store(const GatewayConfig& config, std::size_t max_connections);

}  // namespace gw::backend
