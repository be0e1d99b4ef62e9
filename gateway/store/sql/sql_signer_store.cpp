#include "store/sql/sql_signer_store.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "store/sql/row_helpers.h"

namespace gw::store {
namespace {

constexpr std::string_view kInsert =
    "INSERT INTO signer_certificates(serial, fingerprint_sha256, personal_code, name, not_after, "
    "issued_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
constexpr std::string_view kRevoke =
    "UPDATE signer_certificates SET revoked_at = ?3, "
    "revocation_reason = ?2 WHERE serial = ?1 AND revoked_at IS NULL";
constexpr std::string_view kColumns =
    "SELECT serial, fingerprint_sha256, personal_code, name, not_after, issued_at, revoked_at, "
    "coalesce(revocation_reason, '') FROM signer_certificates ";

SignerCertificateRecord read_record(const Statement& s) {
  SignerCertificateRecord r;
  r.serial = s.column_text(0);
  r.fingerprint_sha256 = s.column_text(1);
  r.personal_code = s.column_text(2);
  r.name = s.column_text(3);
  r.not_after = s.column_text(4);
  r.issued_at = s.column_text(5);
  if (!s.column_is_null(6)) r.revoked_at = s.column_text(6);
  r.revocation_reason = s.column_text(7);
  return r;
}

}  // namespace

Status SqlSignerStore::register_certificate(const std::string& actor,
                                            const SignerCertificateRecord& r) {
  return audited(pool_, [&](Database& db) -> Status {
    auto stmt = db.prepare(kInsert);
    if (!stmt) return tl::unexpected(stmt.error());
    if (auto s = stmt->bind(1, r.serial)
                     .bind(2, r.fingerprint_sha256)
                     .bind(3, r.personal_code)
                     .bind(4, r.name)
                     .bind(5, r.not_after)
                     .bind(6, r.issued_at)
                     .run();
        !s) {
      return s;
    }
    return audit(db, actor, "signer_certificate.issue", r.serial,
                 {{"personal_code", r.personal_code}, {"not_after", r.not_after}});
  });
}

Status SqlSignerStore::revoke(const std::string& actor, const std::string& serial,
                              const std::string& reason) {
  return audited(pool_, [&](Database& db) -> Status {
    auto stmt = db.prepare(kRevoke);
    if (!stmt) return tl::unexpected(stmt.error());
    if (auto s = stmt->bind(1, serial).bind(2, reason).bind(3, utc_now_millis()).run(); !s)
      return s;
    if (db.changes() == 0) {
      return fail(
          ErrorCode::kNotFound,
          fmt::format("no unrevoked signing certificate with serial {}", serial),
          fmt::format(
              "parakstītāja sertifikāts ar sērijas numuru {} nav atrasts vai jau ir atsaukts",
              serial));
    }
    return audit(db, actor, "signer_certificate.revoke", serial, {{"reason", reason}});
  });
}

Result<std::optional<SignerCertificateRecord>> SqlSignerStore::find(
    const std::string& fingerprint_sha256) {
  auto db = pool_.acquire();
  if (!db) return tl::unexpected(db.error());
  auto stmt = (*db)->prepare(std::string(kColumns) + "WHERE fingerprint_sha256 = ?1");
  if (!stmt) return tl::unexpected(stmt.error());
  auto row = stmt->bind(1, fingerprint_sha256).step();
  if (!row) return tl::unexpected(row.error());
  if (!*row) return std::optional<SignerCertificateRecord>{};
  return std::optional<SignerCertificateRecord>(read_record(*stmt));
}

Result<std::vector<SignerCertificateRecord>> SqlSignerStore::list() {
  auto db = pool_.acquire();
  if (!db) return tl::unexpected(db.error());
  auto stmt = (*db)->prepare(std::string(kColumns) + "ORDER BY issued_at, serial");
  if (!stmt) return tl::unexpected(stmt.error());
  return collect<SignerCertificateRecord>(*stmt, read_record);
}

Result<bool> signer_certificate_revoked(Database& db, const std::string& serial) {
  auto stmt = db.prepare(
      "SELECT count(*) FROM signer_certificates WHERE serial = ?1 AND revoked_at IS NOT NULL");
  if (!stmt) return tl::unexpected(stmt.error());
  auto row = stmt->bind(1, serial).step();
  if (!row) return tl::unexpected(row.error());
  return *row && stmt->column_int(0) > 0;
}

}  // namespace gw::store
