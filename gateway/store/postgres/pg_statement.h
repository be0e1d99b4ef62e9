// A prepared PostgreSQL statement with the same binding (1-based) and column
// access (0-based) as store/sqlite/statement.h, so the stores read alike over
// both. Values travel as text; blobs as binary. The first step() runs the
// statement and takes its rows; run() is for statements without rows.
// Belongs to the PgConnection that prepared it; must not outlive it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

struct pg_result;

namespace gw::store {

class PgConnection;

class PgStatement {
 public:
  PgStatement(PgConnection& conn, std::string name, int parameters);

  PgStatement& bind(int index, std::int64_t value);
  PgStatement& bind(int index, std::string_view value);
  // The same as bind: libpq copies parameters when it sends them.
  PgStatement& bind_view(int index, std::string_view value) { return bind(index, value); }
  PgStatement& bind_null(int index);
  // Bytes that are not text (a DER signature), for a bytea parameter.
  PgStatement& bind_blob(int index, std::string_view bytes);

  // Advances to the next row: true for a row, false when done.
  Result<bool> step();
  // Runs a statement that returns no rows (or whose rows are not wanted).
  Status run();
  // Makes the statement runnable again and clears its bindings.
  void reset();

  std::int64_t column_int(int index) const;
  std::string column_text(int index) const;
  bool column_is_null(int index) const;

 private:
  struct Clearer {
    void operator()(pg_result* result) const;
  };
  PgStatement& set(int index, std::optional<std::string> value, bool binary);
  Status execute();

  PgConnection* conn_;
  std::string name_;
  std::vector<std::optional<std::string>> values_;
  std::vector<int> binary_;
  Status bind_status_ = ok();
  std::unique_ptr<pg_result, Clearer> result_;
  int row_ = -1;
  int rows_ = 0;
};

}  // namespace gw::store
