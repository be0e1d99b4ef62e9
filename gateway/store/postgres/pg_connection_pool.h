// A bounded pool of PostgreSQL connections to one database, the counterpart
// of store/sqlite/connection_pool.h. acquire() hands out a Lease that returns
// its connection when destroyed; when all are in use it waits. A connection
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

namespace gw::store {

class PgConnectionPool {
 public:
  class Lease {
   public:
    Lease(PgConnectionPool& pool, std::unique_ptr<PgConnection> conn)
        : pool_(&pool), conn_(std::move(conn)) {}
    Lease(Lease&&) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    PgConnection& operator*() const { return *conn_; }
    PgConnection* operator->() const { return conn_.get(); }

   private:
    PgConnectionPool* pool_;
    std::unique_ptr<PgConnection> conn_;
  };

  PgConnectionPool(std::string url, std::size_t max_connections);

  // Connects now (or reuses an idle connection) to prove the server answers.
  Status check();
  Result<Lease> acquire();

 private:
  void release(std::unique_ptr<PgConnection> conn);

  const std::string url_;
  const std::size_t max_connections_;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<PgConnection>> idle_;
  std::size_t open_count_ = 0;
};

}  // namespace gw::store
