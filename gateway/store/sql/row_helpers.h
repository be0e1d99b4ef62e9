// Internal to the store module: the patterns every repository repeats —
// collecting rows, and a write that carries its audit-log row in the same
// transaction.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/identity_store.h"
#include "store/sql/connection_pool.h"
#include "store/sql/statement.h"
#include "store/sql/transaction.h"

namespace gw::store {

// Steps through every row of `stmt`, turning each into a T with `read`.
template <class T, class Read>
Result<std::vector<T>> collect(Statement& stmt, Read read) {
  std::vector<T> out;
  for (;;) {
    auto row = stmt.step();
    if (!row) return tl::unexpected(row.error());
    if (!*row) return out;
    out.push_back(read(stmt));
  }
}

// Now in UTC, as the store's times are written (ISO 8601), to the second or
// the millisecond. Bound from here rather than asked of the database, so
// that both backends write them alike.
std::string utc_now_seconds();
std::string utc_now_millis();

// The ISO date `days` before the ISO date `day` (YYYY-MM-DD); `day` itself
// when it is no such date.
std::string days_before(const std::string& day, int days);

// Runs an INSERT ... RETURNING of one key column; returns the key.
inline Result<std::int64_t> inserted_id(Statement& stmt) {
  auto row = stmt.step();
  if (!row) return tl::unexpected(row.error());
  if (!*row) return fail(ErrorCode::kInternal, "an insert returned no key");
  const std::int64_t key = stmt.column_int(0);
  // Stepped to its end, so that no statement is left in progress.
  auto end = stmt.step();
  if (!end) return tl::unexpected(end.error());
  return key;
}

// Binds the value, or NULL.
inline Statement& bind_optional(Statement& stmt, int i, const std::optional<std::int64_t>& v) {
  return v ? stmt.bind(i, *v) : stmt.bind_null(i);
}
inline Statement& bind_optional(Statement& stmt, int i, const std::optional<std::string>& v) {
  return v ? stmt.bind(i, *v) : stmt.bind_null(i);
}

// A column that may be NULL.
inline std::optional<std::string> optional_text(const Statement& row, int i) {
  if (row.column_is_null(i)) return std::nullopt;
  return row.column_text(i);
}
inline std::optional<std::int64_t> optional_int(const Statement& row, int i) {
  if (row.column_is_null(i)) return std::nullopt;
  return row.column_int(i);
}

// Appends one row to audit_log (who, what, on what, details).
Status audit(Database& db, const std::string& actor, std::string_view action,
             const std::string& subject, const nlohmann::json& detail);

// The operator's one-off closing days (ledger_closed_days), oldest first.
Result<std::vector<std::string>> closed_days(Database& db);
// Whether end of day has closed `day` or a later day (ledger_days): nothing
// more is booked on it, and its statements are final.
Result<bool> day_ended(Database& db, const std::string& day);

// The store's credential version (migration 0009), as this connection sees it.
Result<std::int64_t> credential_version(Database& db);

// Whether our CA's signing certificate `serial` is revoked, as this
// connection sees it (false for one not ours: its CRL was checked when it
// signed). A decision on a signature asks again in its own transaction: it
// may have waited for the write lock while an operator revoked it. (A
// signer's revocation takes effect at once: none is dated ahead.)
Result<bool> signer_certificate_revoked(Database& db, const std::string& serial);

// Whether our CA's signing certificate `serial` is revoked, as this
// connection sees it (false for one not ours: its CRL was checked when it
// signed). A decision on a signature asks again in its own transaction: it
// may have waited for the write lock while an operator revoked it.
Result<bool> signer_certificate_revoked(Database& db, const std::string& serial);

// Inserts one client certificate row (the caller's transaction, the caller audits).
Status insert_certificate(Database& db, const NewCertificate& cert);

// Puts a message in a user's mailbox (the caller's transaction); returns its id.
Result<std::int64_t> insert_mailbox_item(Database& db, std::int64_t user_number,
                                         const std::string& message_type,
                                         std::int64_t about_message_id, const std::string& content,
                                         const std::string& at);

// Runs `work` (which writes, and audits) in one write transaction, again
// when the backend fails it as a conflict (store/sql/transaction.h).
template <class Work>
auto audited(ConnectionPool& pool, Work&& work) -> decltype(work(std::declval<Database&>())) {
  auto db = pool.acquire();
  if (!db) return tl::unexpected(db.error());
  return in_write_transaction(**db, work);
}

}  // namespace gw::store
