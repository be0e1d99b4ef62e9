// A bounded pool of connections to the store's database, whichever the
// backend. acquire() hands out a Lease that returns its connection when
// destroyed; when all are in use it waits. Thread-safe; the pool must
// outlive every Lease.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>

#include "core/result.h"
#include "store/sql/database.h"

namespace gw::store {

class ConnectionPool {
 public:
  class Lease {
   public:
    Lease(ConnectionPool& pool, std::unique_ptr<Database> db) : pool_(&pool), db_(std::move(db)) {}
    Lease(Lease&&) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (db_) pool_->release(std::move(db_));
    }
    Database& operator*() const { return *db_; }
    Database* operator->() const { return db_.get(); }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<Database> db_;
  };

  virtual ~ConnectionPool() = default;

  virtual Result<Lease> acquire() = 0;
  // A counter that moves with every commit the gateway's processes make,
  // for readers that keep what they read (store/sqlite/change_epoch.h);
  // none when the backend has no such counter: then those readers ask the
  // store every time.
  virtual std::optional<std::uint64_t> change_epoch() const { return std::nullopt; }

  // The database's own log where the gateway looks after it (SQLite's WAL):
  // its size now and how the checkpoints that copy it back went. None for a
  // backend that looks after its own (PostgreSQL).
  struct LogState {
    std::uint64_t bytes = 0;
    std::uint64_t checkpoints_complete = 0;
    std::uint64_t checkpoints_partial = 0;  // a reader still needed some, or another one ran
    std::uint64_t checkpoints_failed = 0;
  };
  virtual std::optional<LogState> log_state() const { return std::nullopt; }

  // Connects now (or reuses an idle connection) to prove the database is usable.
  Status check() {
    auto lease = acquire();
    if (!lease) return tl::unexpected(lease.error());
    return (*lease)->exec("SELECT 1");
  }

 protected:
  virtual void release(std::unique_ptr<Database> db) = 0;
};

}  // namespace gw::store
