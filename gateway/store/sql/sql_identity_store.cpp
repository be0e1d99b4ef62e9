#include "store/sql/sql_identity_store.h"

#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>

#include "core/json_text.h"
#include "store/sql/row_helpers.h"

namespace gw::store {
namespace {

constexpr std::string_view kInsertAudit =
    "INSERT INTO audit_log(actor, action, subject, detail) VALUES (?1, ?2, ?3, ?4)";

constexpr std::string_view kSelectCertificateByFingerprint =
    "SELECT serial, fingerprint_sha256, user_number, subject, not_before, not_after, revoked_at "
    "FROM client_certificates WHERE fingerprint_sha256 = ?1";
constexpr std::string_view kSelectCertificates =
    "SELECT serial, fingerprint_sha256, user_number, subject, not_before, not_after, revoked_at "
    "FROM client_certificates ORDER BY user_number, registered_at";
constexpr std::string_view kSelectUser =
    "SELECT u.user_number, u.display_name, i.registration_number, i.name "
    "FROM users u JOIN institutions i ON i.id = u.institution_id WHERE u.user_number = ?1";
constexpr std::string_view kInsertInstitution =
    "INSERT INTO institutions(registration_number, name) VALUES (?1, ?2) RETURNING id";
constexpr std::string_view kSelectInstitution =
    "SELECT id FROM institutions WHERE registration_number = ?1";
constexpr std::string_view kInsertAccount =
    "INSERT INTO accounts(iban, institution_id, currency) VALUES (?1, ?2, ?3)";
constexpr std::string_view kInsertUser =
    "INSERT INTO users(institution_id, display_name) VALUES (?1, ?2) RETURNING user_number";
constexpr std::string_view kSelectUsersOfInstitution =
    "SELECT user_number FROM users WHERE institution_id = ?1 ORDER BY user_number";
constexpr std::string_view kSetAccountState = "UPDATE accounts SET state = ?2 WHERE iban = ?1";
constexpr std::string_view kScheduleRevocation =
    "UPDATE client_certificates SET revoked_at = ?2, revocation_reason = 'renewed' "
    "WHERE serial = ?1 AND revoked_at IS NULL";
// A certificate that was renewed has its end scheduled (kScheduleRevocation);
// revoking it ends it now all the same, so that a key stolen and renewed
// from does not serve out the overlap.
constexpr std::string_view kRevokeCertificate =
    "UPDATE client_certificates SET revoked_at = ?3, "
    "revocation_reason = ?2 WHERE serial = ?1 AND (revoked_at IS NULL OR revoked_at > ?3)";

CertificateRecord read_certificate(const Statement& row) {
  CertificateRecord c;
  c.serial = row.column_text(0);
  c.fingerprint_sha256 = row.column_text(1);
  c.user_number = row.column_int(2);
  c.subject = row.column_text(3);
  c.not_before = row.column_text(4);
  c.not_after = row.column_text(5);
  if (!row.column_is_null(6)) c.revoked_at = row.column_text(6);
  return c;
}

}  // namespace

Status insert_certificate(Database& db, const NewCertificate& cert) {
  auto stmt = db.prepare(
      "INSERT INTO client_certificates(serial, fingerprint_sha256, user_number, subject, "
      "not_before, not_after) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  if (!stmt) return tl::unexpected(stmt.error());
  return stmt->bind(1, cert.serial)
      .bind(2, cert.fingerprint_sha256)
      .bind(3, cert.user_number)
      .bind(4, cert.subject)
      .bind(5, cert.not_before)
      .bind(6, cert.not_after)
      .run();
}

Status audit(Database& db, const std::string& actor, std::string_view action,
             const std::string& subject, const nlohmann::json& detail) {
  auto stmt = db.prepare(kInsertAudit);
  if (!stmt) return tl::unexpected(stmt.error());
  return stmt->bind(1, actor).bind(2, action).bind(3, subject).bind(4, json_text(detail)).run();
}

namespace {

// One access.refused row: subject the certificate serial (or "-"), detail
// the context with the reason.
Status write_refusal(Database& db, const std::string& serial, const std::string& reason,
                     nlohmann::json detail) {
  detail["reason"] = reason;
  return audit(db, "gatewayd", "access.refused", serial.empty() ? "-" : serial, detail);
}

}  // namespace

Status SqlIdentityStore::record_refusal(const std::string& serial, const std::string& reason,
                                        const nlohmann::json& context) {
  auto db = pool_.acquire();
  if (!db) return tl::unexpected(db.error());
  return write_refusal(**db, serial, reason, context);
}

void SqlIdentityStore::queue_refusal(const std::string& serial, const std::string& reason,
                                     const nlohmann::json& context) {
  const bool first = refusals_.push(QueuedRefusal{serial, reason, context, utc_now_millis()});
  if (!flusher_) {
    (void)flush_refusals();  // nothing to defer to (gatewayctl, tests): now
  } else if (first) {
    flusher_();
  }
}

Status SqlIdentityStore::flush_refusals(bool counts) {
  RefusalBatch batch = refusals_.take(counts);
  if (batch.empty()) return ok();
  auto written = audited(pool_, [&](Database& db) -> Status {
    for (const auto& r : batch.rows) {
      nlohmann::json detail = r.context;
      detail["refused_at"] = r.at;
      if (auto s = write_refusal(db, r.serial, r.reason, std::move(detail)); !s) return s;
    }
    // Refusals past the queue's bounds: one row per certificate and reason, with their count.
    for (const auto& [key, count] : batch.overflow) {
      auto s = write_refusal(db, key.first, key.second,
                             {{"count", count}, {"stage", "request"}, {"counted_only", true}});
      if (!s) return s;
    }
    return ok();
  });
  // Kept for the next flush: the store may be busy or away for a while.
  if (!written) refusals_.restore(std::move(batch));
  return written;
}

Status SqlIdentityStore::flush_arranged() {
  auto written = flush_refusals(false);
  if (refusals_.flush_done(written.has_value()) && flusher_) flusher_();
  return written;
}

Result<std::int64_t> credential_version(Database& db) {
  auto stmt = db.prepare("SELECT version FROM credential_version WHERE id = 1");
  if (!stmt) return tl::unexpected(stmt.error());
  auto row = stmt->step();
  if (!row) return tl::unexpected(row.error());
  if (!*row) return fail(ErrorCode::kStore, "credential_version has no row");
  return stmt->column_int(0);
}

Result<std::optional<CertificateRecord>> SqlIdentityStore::find_certificate(
    const std::string& fingerprint) {
  auto db = pool_.acquire();
  if (!db) return tl::unexpected(db.error());
  auto stmt = (*db)->prepare(kSelectCertificateByFingerprint);
  if (!stmt) return tl::unexpected(stmt.error());
  auto row = stmt->bind(1, fingerprint).step();
  if (!row) return tl::unexpected(row.error());
  if (!*row) return std::optional<CertificateRecord>{};
  return std::optional<CertificateRecord>{read_certificate(*stmt)};
}

Result<std::vector<CertificateRecord>> SqlIdentityStore::certificates() {
  auto db = pool_.acquire();
  if (!db) return tl::unexpected(db.error());
  auto stmt = (*db)->prepare(kSelectCertificates);
  if (!stmt) return tl::unexpected(stmt.error());
  return collect<CertificateRecord>(*stmt, read_certificate);
}

Result<std::int64_t> SqlIdentityStore::credential_version() {
  const auto epoch = pool_.change_epoch();
  const auto now = std::chrono::steady_clock::now();
  if (epoch) {
    std::lock_guard lock(version_mutex_);
    if (known_version_ && known_version_->epoch == *epoch &&
        now - known_version_->read_at < kUnseenChangeBound) {
      return known_version_->version;
    }
  }
  // Read after the epoch was: a commit that bumps it later is seen by the
  // request that finds the new epoch.
  auto version = read_credential_version();
  if (version && epoch) {
    std::lock_guard lock(version_mutex_);
    known_version_ = KnownVersion{*epoch, *version, now};
  }
  return version;
}

Result<std::int64_t> SqlIdentityStore::read_credential_version() {
  auto db = pool_.acquire();
  if (!db) return tl::unexpected(db.error());
  return store::credential_version(**db);
}

Result<UserIdentity> SqlIdentityStore::user(std::int64_t user_number) {
  auto db = pool_.acquire();
  if (!db) return tl::unexpected(db.error());
  auto stmt = (*db)->prepare(kSelectUser);
  if (!stmt) return tl::unexpected(stmt.error());
  auto row = stmt->bind(1, user_number).step();
  if (!row) return tl::unexpected(row.error());
  if (!*row) return fail(ErrorCode::kNotFound, fmt::format("no user {}", user_number));
  return UserIdentity{stmt->column_int(0), stmt->column_text(1), stmt->column_text(2),
                      stmt->column_text(3)};
}

Result<std::int64_t> SqlIdentityStore::add_institution(const std::string& actor,
                                                       const std::string& registration_number,
                                                       const std::string& name) {
  return audited(pool_, [&](Database& db) -> Result<std::int64_t> {
    auto stmt = db.prepare(kInsertInstitution);
    if (!stmt) return tl::unexpected(stmt.error());
    auto inserted = inserted_id(stmt->bind(1, registration_number).bind(2, name));
    if (!inserted) return tl::unexpected(inserted.error());
    const auto id = *inserted;
    if (auto s = audit(db, actor, "institution.add", registration_number, {{"name", name}}); !s) {
      return tl::unexpected(s.error());
    }
    return id;
  });
}

Result<std::optional<std::int64_t>> SqlIdentityStore::find_institution(
    const std::string& registration_number) {
  auto db = pool_.acquire();
  if (!db) return tl::unexpected(db.error());
  auto stmt = (*db)->prepare(kSelectInstitution);
  if (!stmt) return tl::unexpected(stmt.error());
  auto row = stmt->bind(1, registration_number).step();
  if (!row) return tl::unexpected(row.error());
  if (!*row) return std::optional<std::int64_t>{};
  return std::optional<std::int64_t>{stmt->column_int(0)};
}

Status SqlIdentityStore::add_account(const std::string& actor, std::int64_t institution_id,
                                     const std::string& iban, const std::string& currency) {
  return audited(pool_, [&](Database& db) -> Status {
    auto stmt = db.prepare(kInsertAccount);
    if (!stmt) return tl::unexpected(stmt.error());
    if (auto s = stmt->bind(1, iban).bind(2, institution_id).bind(3, currency).run(); !s) return s;
    return audit(db, actor, "account.add", iban,
                 {{"institution_id", institution_id}, {"currency", currency}});
  });
}

Result<std::vector<std::int64_t>> SqlIdentityStore::users_of(std::int64_t institution_id) {
  auto db = pool_.acquire();
  if (!db) return tl::unexpected(db.error());
  auto stmt = (*db)->prepare(kSelectUsersOfInstitution);
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind(1, institution_id);
  return collect<std::int64_t>(
      *stmt, [](const Statement& row) { return std::int64_t{row.column_int(0)}; });
}

Result<std::vector<InstitutionRecord>> SqlIdentityStore::institutions() {
  auto db = pool_.acquire();
  if (!db) return tl::unexpected(db.error());
  // One snapshot for the three reads: an account added meanwhile is in all or none.
  auto tx = Transaction::begin_read(**db);
  if (!tx) return tl::unexpected(tx.error());
  auto stmt = (*db)->prepare(
      "SELECT id, registration_number, name FROM institutions ORDER BY registration_number");
  if (!stmt) return tl::unexpected(stmt.error());
  auto all = collect<InstitutionRecord>(*stmt, [](const Statement& row) {
    return InstitutionRecord{row.column_int(0), row.column_text(1), row.column_text(2), {}, {}};
  });
  if (!all) return all;
  std::map<std::int64_t, InstitutionRecord*> by_id;
  for (auto& institution : *all) by_id[institution.id] = &institution;
  auto accounts = (*db)->prepare(
      "SELECT institution_id, iban, currency, state FROM accounts ORDER BY institution_id, iban");
  if (!accounts) return tl::unexpected(accounts.error());
  for (;;) {
    auto row = accounts->step();
    if (!row) return tl::unexpected(row.error());
    if (!*row) break;
    const auto state = parse_account_state(accounts->column_text(3));
    if (!state) {
      return fail(ErrorCode::kStore,
                  fmt::format("account {} has an unknown state '{}'", accounts->column_text(1),
                              accounts->column_text(3)));
    }
    if (auto found = by_id.find(accounts->column_int(0)); found != by_id.end()) {
      found->second->accounts.push_back(
          {accounts->column_text(1), accounts->column_text(2), *state});
    }
  }
  auto users = (*db)->prepare("SELECT institution_id, user_number FROM users ORDER BY user_number");
  if (!users) return tl::unexpected(users.error());
  for (;;) {
    auto row = users->step();
    if (!row) return tl::unexpected(row.error());
    if (!*row) break;
    if (auto found = by_id.find(users->column_int(0)); found != by_id.end()) {
      found->second->users.push_back(users->column_int(1));
    }
  }
  return all;
}

Result<std::int64_t> SqlIdentityStore::add_user(const std::string& actor,
                                                std::int64_t institution_id,
                                                const std::string& display_name) {
  return audited(pool_, [&](Database& db) -> Result<std::int64_t> {
    auto stmt = db.prepare(kInsertUser);
    if (!stmt) return tl::unexpected(stmt.error());
    auto inserted = inserted_id(stmt->bind(1, institution_id).bind(2, display_name));
    if (!inserted) return tl::unexpected(inserted.error());
    const auto number = *inserted;
    if (auto s = audit(db, actor, "user.add", std::to_string(number),
                       {{"institution_id", institution_id}, {"display_name", display_name}});
        !s) {
      return tl::unexpected(s.error());
    }
    return number;
  });
}

Status SqlIdentityStore::set_account_state(const std::string& actor, const std::string& iban,
                                           AccountState state) {
  const std::string name(state_name(state));
  return audited(pool_, [&](Database& db) -> Status {
    auto stmt = db.prepare(kSetAccountState);
    if (!stmt) return tl::unexpected(stmt.error());
    if (auto s = stmt->bind(1, iban).bind(2, name).run(); !s) return s;
    if (db.changes() == 0) {
      return fail(ErrorCode::kNotFound, fmt::format("no account {}", iban),
                  fmt::format("konta {} nav", iban));
    }
    return audit(db, actor, "account.state", iban, {{"state", name}});
  });
}

Status SqlIdentityStore::register_certificate(const std::string& actor,
                                              const NewCertificate& cert) {
  return audited(pool_, [&](Database& db) -> Status {
    if (auto s = insert_certificate(db, cert); !s) return s;
    return audit(db, actor, "certificate.register", cert.serial,
                 {{"user_number", cert.user_number}, {"not_after", cert.not_after}});
  });
}

Status SqlIdentityStore::renew_certificate(const std::string& actor, const std::string& old_serial,
                                           const NewCertificate& renewed,
                                           const std::string& old_ends_at) {
  return audited(pool_, [&](Database& db) -> Status {
    auto schedule = db.prepare(kScheduleRevocation);
    if (!schedule) return tl::unexpected(schedule.error());
    if (auto s = schedule->bind(1, old_serial).bind(2, old_ends_at).run(); !s) return s;
    if (db.changes() != 1) {
      return fail(ErrorCode::kAlreadyExists, "the certificate was renewed or revoked already");
    }
    if (auto s = insert_certificate(db, renewed); !s) return s;
    return audit(db, actor, "certificate.renew", renewed.serial,
                 {{"user_number", renewed.user_number},
                  {"replaces", old_serial},
                  {"old_ends_at", old_ends_at}});
  });
}

Status SqlIdentityStore::revoke_certificate(const std::string& actor, const std::string& serial,
                                            const std::string& reason) {
  return audited(pool_, [&](Database& db) -> Status {
    auto stmt = db.prepare(kRevokeCertificate);
    if (!stmt) return tl::unexpected(stmt.error());
    if (auto s = stmt->bind(1, serial).bind(2, reason).bind(3, utc_now_millis()).run(); !s)
      return s;
    if (db.changes() == 0) {
      return fail(
          ErrorCode::kNotFound, fmt::format("no unrevoked certificate with serial {}", serial),
          fmt::format("sertifikāts ar sērijas numuru {} nav atrasts vai jau ir atsaukts", serial));
    }
    return audit(db, actor, "certificate.revoke", serial, {{"reason", reason}});
  });
}

}  // namespace gw::store
