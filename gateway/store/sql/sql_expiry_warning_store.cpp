#include "store/sql/sql_expiry_warning_store.h"

#include "store/sql/statement.h"

namespace gw::store {
namespace {

// Both kinds in one statement; the contact is the current application's. A
// certificate that ends with its application is left to the application's
// warning, which says to renew it too (user_certificate.h: a certificate ends
// at 00:00 UTC of the date its application ends).
constexpr std::string_view kExpiring =
    "SELECT 'certificate', c.serial, c.user_number, c.not_after, a.contact_email, "
    "       a.contact_first_name, a.contact_last_name, "
    "       EXISTS (SELECT 1 FROM expiry_warnings w "
    "               WHERE w.kind = 'certificate' AND w.subject = c.serial) "
    "FROM client_certificates c "
    "JOIN applications a ON a.user_number = c.user_number "
    "  AND a.replaced_at IS NULL AND a.terminated_at IS NULL "
    "WHERE c.revoked_at IS NULL AND c.not_after > ?1 AND c.not_after <= ?2 "
    "  AND c.not_after < substr(a.valid_until, 1, 10) || 'T00:00:00Z' "
    "  AND NOT EXISTS (SELECT 1 FROM client_certificates n WHERE n.user_number = c.user_number "
    "                  AND n.revoked_at IS NULL AND n.not_after > c.not_after) "
    "UNION ALL "
    "SELECT 'application', CAST(a.id AS TEXT), a.user_number, a.valid_until, a.contact_email, "
    "       a.contact_first_name, a.contact_last_name, "
    "       EXISTS (SELECT 1 FROM expiry_warnings w "
    "               WHERE w.kind = 'application' AND w.subject = CAST(a.id AS TEXT)) "
    "FROM applications a "
    "WHERE a.replaced_at IS NULL AND a.terminated_at IS NULL "
    "  AND a.valid_until > ?1 AND a.valid_until <= ?2 "
    "ORDER BY 3, 1";
constexpr std::string_view kRelease =
    "DELETE FROM expiry_warnings WHERE kind = ?1 AND subject = ?2";
constexpr std::string_view kClaim =
    "INSERT INTO expiry_warnings(kind, subject, user_number, expires_at, warned_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING";

std::string_view kind_name(ExpiringKind kind) {
  return kind == ExpiringKind::kCertificate ? "certificate" : "application";
}

}  // namespace

Result<std::vector<ExpiringItem>> SqlExpiryWarningStore::expiring(const std::string& now,
                                                                  const std::string& until) {
  auto db = pool_.acquire();
  if (!db) return tl::unexpected(db.error());
  auto stmt = (*db)->prepare(kExpiring);
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind(1, now).bind(2, until);
  std::vector<ExpiringItem> items;
  while (true) {
    auto row = stmt->step();
    if (!row) return tl::unexpected(row.error());
    if (!*row) break;
    ExpiringItem item;
    item.kind = stmt->column_text(0) == "certificate" ? ExpiringKind::kCertificate
                                                      : ExpiringKind::kApplication;
    item.subject = stmt->column_text(1);
    item.user_number = stmt->column_int(2);
    item.expires_at = stmt->column_text(3);
    item.contact_email = stmt->column_text(4);
    item.contact_first_name = stmt->column_text(5);
    item.contact_last_name = stmt->column_text(6);
    item.warned = stmt->column_int(7) != 0;
    items.push_back(std::move(item));
  }
  return items;
}

Result<bool> SqlExpiryWarningStore::claim(const ExpiringItem& item, const std::string& at) {
  auto db = pool_.acquire();
  if (!db) return tl::unexpected(db.error());
  auto stmt = (*db)->prepare(kClaim);
  if (!stmt) return tl::unexpected(stmt.error());
  if (auto s = stmt->bind(1, kind_name(item.kind))
                   .bind(2, item.subject)
                   .bind(3, item.user_number)
                   .bind(4, item.expires_at)
                   .bind(5, at)
                   .run();
      !s) {
    return tl::unexpected(s.error());
  }
  return (*db)->changes() > 0;
}

Status SqlExpiryWarningStore::release(const ExpiringItem& item) {
  auto db = pool_.acquire();
  if (!db) return tl::unexpected(db.error());
  auto stmt = (*db)->prepare(kRelease);
  if (!stmt) return tl::unexpected(stmt.error());
  return stmt->bind(1, kind_name(item.kind)).bind(2, item.subject).run();
}

}  // namespace gw::store
