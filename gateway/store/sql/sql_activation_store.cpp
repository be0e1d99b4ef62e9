#include "store/sql/sql_activation_store.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "store/sql/row_helpers.h"

namespace gw::store {
namespace {

constexpr std::string_view kSupersede =
    "UPDATE activation_codes SET superseded_at = ?2 "
    "WHERE user_number = ?1 AND used_at IS NULL AND superseded_at IS NULL";
constexpr std::string_view kInsertCode =
    "INSERT INTO activation_codes(user_number, code_sha256, created_at, expires_at) "
    "VALUES (?1, ?2, ?3, ?4)";
constexpr std::string_view kSelectCode =
    "SELECT id, user_number, expires_at, used_at, superseded_at FROM activation_codes "
    "WHERE code_sha256 = ?1";
constexpr std::string_view kUseCode =
    "UPDATE activation_codes SET used_at = ?2 "
    "WHERE id = ?1 AND used_at IS NULL AND superseded_at IS NULL";
constexpr std::string_view kInsertAttempt =
    "INSERT INTO activation_attempts(at, source, user_number, outcome) VALUES (?1, ?2, ?3, ?4)";
// The oldest `batch` rows by id (the order they were written in), those of
// them made before the cut: a walk of at most `batch` rows from the oldest,
// not a scan for `at` (which has no index of its own).
constexpr std::string_view kPruneAttempts =
    "DELETE FROM activation_attempts WHERE id IN (SELECT id FROM activation_attempts "
    "ORDER BY id LIMIT ?2) AND at < ?1";
constexpr std::string_view kFailuresFrom =
    "SELECT count(*) FROM activation_attempts WHERE source = ?1 AND at >= ?2 "
    "AND outcome <> 'issued'";
constexpr std::string_view kFailuresFor =
    "SELECT count(*) FROM activation_attempts WHERE user_number = ?1 AND at >= ?2 "
    "AND outcome <> 'issued'";

Result<std::int64_t> count(ConnectionPool& pool, std::string_view sql, auto&& bind) {
  auto db = pool.acquire();
  if (!db) return tl::unexpected(db.error());
  auto stmt = (*db)->prepare(sql);
  if (!stmt) return tl::unexpected(stmt.error());
  bind(*stmt);
  auto row = stmt->step();
  if (!row) return tl::unexpected(row.error());
  return stmt->column_int(0);
}

}  // namespace

Status SqlActivationStore::create_code(const std::string& actor, std::int64_t user_number,
                                       const std::string& code_sha256,
                                       const std::string& created_at,
                                       const std::string& expires_at) {
  return audited(pool_, [&](Database& db) -> Status {
    auto supersede = db.prepare(kSupersede);
    if (!supersede) return tl::unexpected(supersede.error());
    if (auto s = supersede->bind(1, user_number).bind(2, created_at).run(); !s) return s;
    auto insert = db.prepare(kInsertCode);
    if (!insert) return tl::unexpected(insert.error());
    if (auto s = insert->bind(1, user_number)
                     .bind(2, code_sha256)
                     .bind(3, created_at)
                     .bind(4, expires_at)
                     .run();
        !s) {
      return s;
    }
    return audit(db, actor, "activation.code", std::to_string(user_number),
                 {{"expires_at", expires_at}});
  });
}

Result<std::optional<ActivationCodeRow>> SqlActivationStore::find_code(
    const std::string& code_sha256) {
  auto db = pool_.acquire();
  if (!db) return tl::unexpected(db.error());
  auto stmt = (*db)->prepare(kSelectCode);
  if (!stmt) return tl::unexpected(stmt.error());
  auto row = stmt->bind(1, code_sha256).step();
  if (!row) return tl::unexpected(row.error());
  if (!*row) return std::optional<ActivationCodeRow>{};
  ActivationCodeRow code;
  code.id = stmt->column_int(0);
  code.user_number = stmt->column_int(1);
  code.expires_at = stmt->column_text(2);
  if (!stmt->column_is_null(3)) code.used_at = stmt->column_text(3);
  if (!stmt->column_is_null(4)) code.superseded_at = stmt->column_text(4);
  return std::optional<ActivationCodeRow>{code};
}

Status SqlActivationStore::complete(std::int64_t code_id, const NewCertificate& cert,
                                    const std::string& source) {
  return audited(pool_, [&](Database& db) -> Status {
    auto use = db.prepare(kUseCode);
    if (!use) return tl::unexpected(use.error());
    if (auto s = use->bind(1, code_id).bind(2, utc_now_seconds()).run(); !s) return s;
    if (db.changes() != 1) return fail(ErrorCode::kAlreadyExists, "the code was used meanwhile");
    if (auto s = insert_certificate(db, cert); !s) return s;
    return audit(
        db, "activation", "certificate.activate", cert.serial,
        {{"user_number", cert.user_number}, {"source", source}, {"not_after", cert.not_after}});
  });
}

Status SqlActivationStore::record_attempt(const std::string& at, const std::string& source,
                                          std::optional<std::int64_t> user_number,
                                          const std::string& outcome) {
  auto db = pool_.acquire();
  if (!db) return tl::unexpected(db.error());
  auto stmt = (*db)->prepare(kInsertAttempt);
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind(1, at).bind(2, source);
  if (user_number) {
    stmt->bind(3, *user_number);
  } else {
    stmt->bind_null(3);
  }
  return stmt->bind(4, outcome).run();
}

Result<std::int64_t> SqlActivationStore::failures_from(const std::string& source,
                                                       const std::string& since) {
  return count(pool_, kFailuresFrom, [&](Statement& s) { s.bind(1, source).bind(2, since); });
}

Result<std::int64_t> SqlActivationStore::failures_for(std::int64_t user_number,
                                                      const std::string& since) {
  return count(pool_, kFailuresFor, [&](Statement& s) { s.bind(1, user_number).bind(2, since); });
}

Result<std::int64_t> SqlActivationStore::prune_attempts(const std::string& before, int batch) {
  auto db = pool_.acquire();
  if (!db) return tl::unexpected(db.error());
  auto stmt = (*db)->prepare(kPruneAttempts);
  if (!stmt) return tl::unexpected(stmt.error());
  if (auto s = stmt->bind(1, before).bind(2, std::int64_t{batch}).run(); !s) {
    return tl::unexpected(s.error());
  }
  return (*db)->changes();
}

}  // namespace gw::store
