// A prepared SQLite statement (RAII) with typed binding (1-based) and column
// access (0-based). Belongs to the Database that prepared it; must not outlive it.
// Statements of a Database are kept compiled for reuse (store/sqlite/compiled_statements.h).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

struct sqlite3_stmt;

namespace gw::store {

class CompiledStatements;

class Statement {
 public:
  // `cache` set: when this Statement is done with, the compiled statement is
  // reset and goes back to the cache instead of being finalized.
  explicit Statement(sqlite3_stmt* stmt, CompiledStatements* cache = nullptr)
      : stmt_(stmt, Finalizer{cache}) {}

  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, std::string_view value);
  // Binds text without copying it: `value` must stay as it is until the
  // statement has been stepped and reset (for hot inserts of many rows).
  Statement& bind_view(int index, std::string_view value);
  Statement& bind_null(int index);
  // Binds bytes that are not text (a DER signature).
  Statement& bind_blob(int index, std::string_view bytes);

  // Advances to the next row: true for a row, false when done.
  Result<bool> step();
  // Runs a statement that returns no rows.
  Status run();
  // Makes a stepped statement runnable again and clears its bindings.
  void reset();

  std::int64_t column_int(int index) const;
  std::string column_text(int index) const;
  bool column_is_null(int index) const;

 private:
  struct Finalizer {
    CompiledStatements* cache = nullptr;
    void operator()(sqlite3_stmt* stmt) const;
  };
  Status bind_status_ = ok();
  std::unique_ptr<sqlite3_stmt, Finalizer> stmt_;
};

}  // namespace gw::store
