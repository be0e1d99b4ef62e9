// One SQLite connection (RAII). Opened in WAL mode with foreign keys on and a
// busy timeout. A Database is used by one thread at a time; share connections
// through ConnectionPool. All SQL of the gateway lives in the store module.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <string_view>

#include "core/result.h"

struct sqlite3;

namespace gw::store {

class Statement;
class CompiledStatements;
class ChangeEpoch;

class Database {
 public:
  // With an epoch (it must outlive the connection), every commit made through
  // this connection bumps it (store/sqlite/change_epoch.h).
  static Result<Database> open(const std::filesystem::path& path,
                               std::chrono::milliseconds busy_timeout,
                               ChangeEpoch* epoch = nullptr);

  Database(Database&&) noexcept;
  Database& operator=(Database&&) noexcept;
  ~Database();

  // Runs one or more statements that return no rows.
  Status exec(std::string_view sql);
  // Compiled once per connection and text (the first statement of `sql`
  // only), then reused.
  Result<Statement> prepare(std::string_view sql);
  std::int64_t last_insert_rowid() const;
  int changes() const;

  sqlite3* handle() const { return db_.get(); }

 private:
  struct Closer {
    void operator()(sqlite3* db) const;
  };
  explicit Database(sqlite3* db);

  std::unique_ptr<sqlite3, Closer> db_;
  // After db_: destroyed first, so its statements are finalized before the
  // connection closes. Behind a pointer so that it stays put when moved.
  std::unique_ptr<CompiledStatements> statements_;
};

// The error message of the last failed call on `db`, prefixed with `what`.
Error store_error(sqlite3* db, std::string_view what);

}  // namespace gw::store
