// A bounded pool of SQLite connections to one database file, the SQLite side
// of store/sql/connection_pool.h.
//
// Its connections bump the store's change epoch after each commit
// (store/sqlite/change_epoch.h); change_epoch() reads it. A checkpointer of
// its own keeps the WAL from growing: a connection whose commit could not
// checkpoint (a statement of its own was still open) asks for it when it comes
// back (store/sqlite/wal_checkpointer.h). Its writers take turns in the
// process before they ask SQLite (store/sqlite/writer_turn.h).
#pragma once

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "core/result.h"
#include "store/sql/connection_pool.h"
#include "store/sqlite/change_epoch.h"
#include "store/sqlite/sqlite_database.h"
#include "store/sqlite/wal_checkpointer.h"
#include "store/sqlite/writer_turn.h"

namespace gw::store {

class SqliteConnectionPool final : public ConnectionPool {
 public:
  SqliteConnectionPool(std::filesystem::path path, std::chrono::milliseconds busy_timeout,
                       std::size_t max_connections);

  Result<Lease> acquire() override;
  // None when the epoch file cannot be used: then every reader asks the store.
  std::optional<std::uint64_t> change_epoch() const override;
  // The WAL's size, and the checkpointer's runs (not the checkpoints commits made themselves).
  std::optional<LogState> log_state() const override;
  WalCheckpointer::Counts checkpoints() const { return checkpointer_->counts(); }

 private:
  void release(std::unique_ptr<Database> db) override;
  // On the checkpointer's thread only.
  Result<bool> checkpoint();

  const std::filesystem::path path_;
  const std::chrono::milliseconds busy_timeout_;
  const std::size_t max_connections_;
  std::optional<ChangeEpoch> epoch_;
  WriterTurn writer_turn_;  // before the connections: they use it until they close
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<Database>> idle_;
  std::size_t open_count_ = 0;
  // The checkpointer's own, opened at its first run: a pooled one could be
  // waited for behind requests, and would count against their bound.
  std::unique_ptr<SqliteDatabase> checkpoint_connection_;
  // Last: stopped before the members it uses go.
  std::unique_ptr<WalCheckpointer> checkpointer_;
};

}  // namespace gw::store
