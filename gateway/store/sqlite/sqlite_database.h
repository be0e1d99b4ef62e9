// One SQLite connection (RAII), the SQLite side of store/sql/database.h.
// Opened in WAL mode with foreign keys on and a busy timeout; a new store gets
// 16 KiB pages.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string_view>

#include "core/result.h"
#include "store/sql/database.h"

struct sqlite3;

namespace gw::store {

class CompiledStatements;
class ChangeEpoch;
class WriterTurn;

class SqliteDatabase final : public Database {
 public:
  // With an epoch (it must outlive the connection), every commit made through
  // this connection bumps it (store/sqlite/change_epoch.h). With a turn (it
  // must outlive the connection too), a write transaction waits for it first
  // (store/sqlite/writer_turn.h), up to the busy timeout, and then for
  // SQLite's lock (held by another process) up to the busy timeout again.
  static Result<std::unique_ptr<SqliteDatabase>> open(const std::filesystem::path& path,
                                                      std::chrono::milliseconds busy_timeout,
                                                      ChangeEpoch* epoch = nullptr,
                                                      WriterTurn* turn = nullptr);
  ~SqliteDatabase() override;

  // After a commit that left SQLite's usual 1000 pages (of 4 KiB) or more in the WAL,
  // the connection checkpoints at once, as SQLite's own auto-checkpoint does,
  // so that a writer committing again right away (the ledger, message after
  // message) starts the WAL afresh. It cannot while another of its statements
  // is still open (SQLITE_LOCKED), as in the acceptance transaction, which
  // reads its institution first, or while another checkpoint runs
  // (SQLITE_BUSY): then this is true, once, and whoever holds the connection
  // has it checkpointed once its statements are done
  // (store/sqlite/wal_checkpointer.h).
  bool take_checkpoint_due();
  // Copies what the WAL holds into the database file as far as no reader
  // still needs it, without waiting for anyone (a PASSIVE checkpoint). True
  // when all of it was copied; false when a reader still needs some of it,
  // or another checkpoint was running.
  Result<bool> checkpoint();

  Status exec(std::string_view sql) override;
  // Compiled once per connection and text (the first statement of `sql`
  // only), then reused.
  Result<Statement> prepare(std::string_view sql) override;
  std::int64_t changes() const override;
  // A write transaction takes the write lock up front (BEGIN IMMEDIATE).
  Status begin(TransactionKind kind) override;
  Status commit() override;
  void rollback() override;
  // One writer at a time: nothing conflicts (a busy database waits instead).
  bool conflicted() const override { return false; }
  Status lock_appends(std::string_view) override { return ok(); }
  Status lock_ledger_days() override { return ok(); }
  // The largest id in the table, plus one: one writer at a time sees them all.
  Result<std::int64_t> first_free_id(std::string_view table) override;
  Status took_ids(std::string_view, std::int64_t) override { return ok(); }
  Status write_blob(const BlobCell& cell, std::FILE* from, std::uint64_t size) override;
  Status read_blob(const BlobCell& cell, std::FILE* to) override;

 private:
  struct Closer {
    void operator()(sqlite3* db) const;
  };
  SqliteDatabase(sqlite3* db, ChangeEpoch* epoch, WriterTurn* turn,
                 std::chrono::milliseconds busy_timeout);
  // Gives the writer's turn back once no transaction is open any more.
  void end_turn_if_finished();
  // SQLite's WAL hook, after each commit (durable and visible by then).
  static int after_commit(void* connection, sqlite3* db, const char* name, int frames);

  std::unique_ptr<sqlite3, Closer> db_;
  ChangeEpoch* const epoch_;
  WriterTurn* const turn_;
  const std::chrono::milliseconds busy_timeout_;
  bool holds_turn_ = false;
  std::int64_t page_bytes_ = 4096;  // read once the store is open
  bool checkpoint_due_ = false;
  // After db_: destroyed first, so its statements are finalized before the
  // connection closes.
  std::unique_ptr<CompiledStatements> statements_;
};

// The error message of the last failed call on `db`, prefixed with `what`.
Error store_error(sqlite3* db, std::string_view what);

}  // namespace gw::store
