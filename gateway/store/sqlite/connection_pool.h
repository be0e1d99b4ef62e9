// A bounded pool of SQLite connections to one database file. acquire() hands
// out a Lease that returns its connection when destroyed; when all are in use
// it waits. Thread-safe. The pool must outlive every Lease.
//
// Its connections bump the store's change epoch after each commit
// (store/sqlite/change_epoch.h); change_epoch() reads it.
#pragma once

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "core/result.h"
#include "store/sqlite/change_epoch.h"
#include "store/sqlite/database.h"

namespace gw::store {

class ConnectionPool {
 public:
  class Lease {
   public:
    Lease(ConnectionPool& pool, std::unique_ptr<Database> db) : pool_(&pool), db_(std::move(db)) {}
    Lease(Lease&&) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    Database& operator*() const { return *db_; }
    Database* operator->() const { return db_.get(); }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<Database> db_;
  };

  ConnectionPool(std::filesystem::path path, std::chrono::milliseconds busy_timeout,
                 std::size_t max_connections);

  // Opens a connection now (or reuses an idle one) to prove the file is usable.
  Status check();
  Result<Lease> acquire();
  // None when the epoch file cannot be used: then every reader asks the store.
  std::optional<std::uint64_t> change_epoch() const;

 private:
  void release(std::unique_ptr<Database> db);

  const std::filesystem::path path_;
  const std::chrono::milliseconds busy_timeout_;
  const std::size_t max_connections_;
  std::optional<ChangeEpoch> epoch_;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<Database>> idle_;
  std::size_t open_count_ = 0;
};

}  // namespace gw::store
