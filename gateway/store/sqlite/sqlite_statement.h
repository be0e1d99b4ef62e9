// A prepared SQLite statement, the SQLite side of store/sql/statement.h.
// Kept compiled by its connection for reuse (store/sqlite/compiled_statements.h):
// when the Statement that holds it is done with, it is reset and goes back.
#pragma once

#include "store/sql/statement.h"

struct sqlite3_stmt;

namespace gw::store {

class CompiledStatements;

class SqliteStatement final : public StatementBackend {
 public:
  // `cache` null: finalized on release instead of kept.
  SqliteStatement(sqlite3_stmt* stmt, CompiledStatements* cache) : stmt_(stmt), cache_(cache) {}
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;
  ~SqliteStatement();  // finalizes

  Status bind_text(int index, std::string_view value, bool copy) override;
  Status bind_int(int index, std::int64_t value) override;
  Status bind_null(int index) override;
  Status bind_blob(int index, std::string_view bytes) override;
  Result<bool> step() override;
  void reset() override;
  std::int64_t column_int(int index) const override;
  std::string column_text(int index) const override;
  bool column_is_null(int index) const override;
  void release() override;

  sqlite3_stmt* handle() const { return stmt_; }

 private:
  Status checked(int rc, std::string_view what) const;

  sqlite3_stmt* stmt_;
  CompiledStatements* cache_;
};

}  // namespace gw::store
