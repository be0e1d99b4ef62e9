// Internal to the store module: rows written many to a statement. Each
// statement is a round trip to PostgreSQL, and SQLite's own work per
// statement (step, reset, starting the program) was a quarter of the time a
// 100k-payment file took to insert. Rows go 100 to a statement, the rest 16
// and then 1 to a statement: three texts per kind, each prepared once per
// connection, where a text for every count would leave up to 99 prepared
// statements per kind behind on every pooled connection.
#pragma once

#include <array>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "store/sql/statement.h"
#include "store/sql/statement_cache.h"

namespace gw::store {

class MultiRowStatement {
 public:
  static constexpr std::array<std::size_t, 3> kRowsPerStatement = {100, 16, 1};

  // `head` ("INSERT ... VALUES "), then one `row(first)` per row, where
  // `first` is the number before the row's first placeholder (each row takes
  // `binds_per_row`), joined by commas, then `tail`.
  MultiRowStatement(std::string_view head, int binds_per_row,
                    const std::function<std::string(int first)>& row, std::string_view tail = "");
  // Rows of plain placeholders, ?first+1 to ?first+binds_per_row.
  MultiRowStatement(std::string_view head, int binds_per_row, std::string_view tail = "");

  // Writes `count` rows: `bind_row(statement, first, index)` binds row
  // `index` after placeholder `first`; `after(start, rows)` runs after each
  // statement (a check of what it changed). The values bound must live
  // until write returns. The caches key on this object's texts' addresses:
  // it must outlive them (a function-local static).
  template <class BindRow, class After>
  Status write(StatementCache& statements, std::size_t count, BindRow bind_row, After after) const {
    std::size_t start = 0;
    while (start < count) {
      std::size_t which = 0;
      while (count - start < kRowsPerStatement[which]) ++which;
      const std::size_t rows = kRowsPerStatement[which];
      auto cached = statements.get(texts_[which]);
      if (!cached) return tl::unexpected(cached.error());
      Statement& stmt = **cached;
      for (std::size_t i = 0; i < rows; ++i) {
        bind_row(stmt, static_cast<int>(i) * binds_per_row_, start + i);
      }
      if (auto s = stmt.run(); !s) return s;
      if (auto s = after(start, rows); !s) return s;
      start += rows;
    }
    return ok();
  }

  template <class BindRow>
  Status write(StatementCache& statements, std::size_t count, BindRow bind_row) const {
    return write(statements, count, bind_row, [](std::size_t, std::size_t) { return ok(); });
  }

 private:
  int binds_per_row_;
  std::array<std::string, kRowsPerStatement.size()> texts_;
};

// Binds `value`, or NULL when it is empty.
void bind_or_null(Statement& stmt, int index, std::string_view value);

}  // namespace gw::store
