#include "store/sqlite/migrations.h"

#include <fmt/format.h>

#include "store/sql/statement.h"
#include "store/sql/transaction.h"

namespace gw::store {

Result<int> migrate(Database& db, std::span<const Migration> migrations) {
  if (auto s = db.exec("CREATE TABLE IF NOT EXISTS schema_migrations ("
                       " number INTEGER PRIMARY KEY, name TEXT NOT NULL,"
                       " applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')))");
      !s) {
    return tl::unexpected(s.error());
  }
  int applied = 0;
  for (const Migration& m : migrations) {
    auto tx = Transaction::begin(db);
    if (!tx) return tl::unexpected(tx.error());
    auto check = db.prepare("SELECT 1 FROM schema_migrations WHERE number = ?1");
    if (!check) return tl::unexpected(check.error());
    auto present = check->bind(1, std::int64_t{m.number}).step();
    if (!present) return tl::unexpected(present.error());
    if (*present) continue;  // the transaction rolls back: nothing was written
    if (auto s = db.exec(m.sql); !s) {
      return fail(ErrorCode::kStore, fmt::format("migration {:04}_{} failed: {}", m.number, m.name,
                                                 s.error().message));
    }
    auto record = db.prepare("INSERT INTO schema_migrations(number, name) VALUES (?1, ?2)");
    if (!record) return tl::unexpected(record.error());
    if (auto s = record->bind(1, std::int64_t{m.number}).bind(2, m.name).run(); !s) {
      return tl::unexpected(s.error());
    }
    if (auto s = tx->commit(); !s) return tl::unexpected(s.error());
    ++applied;
  }
  return applied;
}

}  // namespace gw::store
