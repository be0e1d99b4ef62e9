// A bounded pool of PostgreSQL connections to one database, the PostgreSQL
// side of store/sql/connection_pool.h. A connection
// whose server went away is dropped instead of returned, so after a
// PostgreSQL restart the next acquire() connects afresh. Thread-safe; the
// pool must outlive every Lease.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/result.h"
#include "store/postgres/pg_connection.h"
#include "store/sql/connection_pool.h"

namespace gw::store {

class PgConnectionPool final : public ConnectionPool {
 public:
  PgConnectionPool(std::string url, std::size_t max_connections);

  Result<Lease> acquire() override;

 private:
  void release(std::unique_ptr<Database> db) override;

  const std::string url_;
  const std::size_t max_connections_;
  std::mutex mutex_;
  std::condition_variable available_;
  // Only PgConnections: the pool made them.
  std::vector<std::unique_ptr<PgConnection>> idle_;
  std::size_t open_count_ = 0;
};

}  // namespace gw::store
