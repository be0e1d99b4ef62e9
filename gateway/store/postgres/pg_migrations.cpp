#include "store/postgres/pg_migrations.h"

#include <fmt/format.h>

#include "store/sql/statement.h"
#include "store/sql/transaction.h"

namespace gw::store {

namespace {

// The advisory lock the nodes hold while they migrate (an arbitrary
// constant). A session lock, taken before any transaction begins: a
// transaction that waited for it inside would read with a snapshot from
// before the other node's migration committed.
constexpr std::string_view kLock = "SELECT pg_advisory_lock(7367786912736101)";
constexpr std::string_view kUnlock = "SELECT pg_advisory_unlock(7367786912736101)";

Status create_record_table(Database& conn) {
  return conn.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations ("
      " number bigint PRIMARY KEY, name text NOT NULL,"
      " applied_at text NOT NULL DEFAULT to_char(clock_timestamp() AT TIME ZONE"
      " 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'))");
}

// Applies one migration unless it is recorded; true when this call applied it.
Result<bool> apply(Database& conn, const Migration& m) {
  auto tx = Transaction::begin(conn);
  if (!tx) return tl::unexpected(tx.error());
  auto check = conn.prepare("SELECT 1 FROM schema_migrations WHERE number = ?1");
  if (!check) return tl::unexpected(check.error());
  auto present = check->bind(1, std::int64_t{m.number}).step();
  if (!present) return tl::unexpected(present.error());
  if (*present) return false;  // the transaction rolls back: nothing was written
  if (auto s = conn.exec(m.sql); !s) {
    return fail(ErrorCode::kStore,
                fmt::format("migration {:04}_{} failed: {}", m.number, m.name, s.error().message));
  }
  auto record = conn.prepare("INSERT INTO schema_migrations(number, name) VALUES (?1, ?2)");
  if (!record) return tl::unexpected(record.error());
  if (auto s = record->bind(1, std::int64_t{m.number}).bind(2, m.name).run(); !s) {
    return tl::unexpected(s.error());
  }
  if (auto s = tx->commit(); !s) return tl::unexpected(s.error());
  return true;
}

// The stores compare and order text byte by byte (times, IBANs, an action's
// family by prefix), as SQLite does; a database that sorts by a language's
// rules would answer differently.
Status require_byte_collation(Database& conn) {
  auto stmt = conn.prepare("SELECT datcollate FROM pg_database WHERE datname = current_database()");
  if (!stmt) return tl::unexpected(stmt.error());
  auto row = stmt->step();
  if (!row) return tl::unexpected(row.error());
  const std::string collation = *row ? stmt->column_text(0) : "";
  if (collation == "C" || collation == "POSIX" || collation.starts_with("C.")) return ok();
  return fail(ErrorCode::kConfig,
              fmt::format("the database sorts text as '{}': the gateway needs byte order; "
                          "create it with --locale=C.UTF-8 (initdb) or LC_COLLATE 'C.UTF-8' "
                          "TEMPLATE template0 (CREATE DATABASE)",
                          collation));
}

}  // namespace

Result<int> migrate_postgres(Database& conn, std::span<const Migration> migrations) {
  if (auto s = require_byte_collation(conn); !s) return tl::unexpected(s.error());
  if (auto s = conn.exec(kLock); !s) return tl::unexpected(s.error());
  auto applied = [&]() -> Result<int> {
    if (auto s = create_record_table(conn); !s) return tl::unexpected(s.error());
    int count = 0;
    for (const Migration& m : migrations) {
      auto ran = apply(conn, m);
      if (!ran) return tl::unexpected(ran.error());
      if (*ran) ++count;
    }
    return count;
  }();
  // Released on failure too; closing the connection would release it as well.
  (void)conn.exec(kUnlock);
  return applied;
}

}  // namespace gw::store
