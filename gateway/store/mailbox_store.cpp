#include "store/mailbox_store.h"

#include <fmt/format.h>

#include "store/row_helpers.h"

namespace gw::store {
namespace {

constexpr std::string_view kColumns =
    "SELECT id, message_type, about_message_id, created_at, acknowledged_at, length(content) ";
constexpr std::string_view kList =
    "FROM mailbox WHERE user_number = ?1 AND id > ?2 AND (?3 OR acknowledged_at IS NULL) "
    "ORDER BY id LIMIT ?4";
constexpr std::string_view kAcknowledge =
    "UPDATE mailbox SET acknowledged_at = coalesce(acknowledged_at, ?3) "
    "WHERE user_number = ?1 AND id = ?2";

MailboxEntry read_entry(const Statement& s) {
  MailboxEntry e;
  e.id = s.column_int(0);
  e.message_type = s.column_text(1);
  if (!s.column_is_null(2)) e.about_message_id = s.column_int(2);
  e.created_at = s.column_text(3);
  if (!s.column_is_null(4)) e.acknowledged_at = s.column_text(4);
  e.size_bytes = s.column_int(5);
  return e;
}

Result<std::optional<MailboxItem>> one_item(Statement& stmt) {
  auto row = stmt.step();
  if (!row) return tl::unexpected(row.error());
  if (!*row) return std::optional<MailboxItem>{};
  return std::optional<MailboxItem>(MailboxItem{read_entry(stmt), stmt.column_text(6)});
}

}  // namespace

Result<std::vector<MailboxEntry>> MailboxStore::list(std::int64_t user_number,
                                                     bool include_acknowledged,
                                                     std::int64_t after_id, int limit) {
  auto db = pool_.acquire();
  if (!db) return tl::unexpected(db.error());
  auto stmt = (*db)->prepare(std::string(kColumns) + std::string(kList));
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind(1, user_number)
      .bind(2, after_id)
      .bind(3, std::int64_t{include_acknowledged ? 1 : 0})
      .bind(4, std::int64_t{limit});
  return collect<MailboxEntry>(*stmt, read_entry);
}

Result<std::optional<MailboxItem>> MailboxStore::fetch(std::int64_t user_number, std::int64_t id) {
  auto db = pool_.acquire();
  if (!db) return tl::unexpected(db.error());
  auto stmt = (*db)->prepare(std::string(kColumns) +
                             ", content FROM mailbox WHERE user_number = ?1 AND id = ?2");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind(1, user_number).bind(2, id);
  return one_item(*stmt);
}

Result<std::optional<MailboxItem>> MailboxStore::latest_about(std::int64_t user_number,
                                                              std::int64_t message_id) {
  auto db = pool_.acquire();
  if (!db) return tl::unexpected(db.error());
  auto stmt = (*db)->prepare(std::string(kColumns) +
                             ", content FROM mailbox WHERE user_number = ?1 AND "
                             "about_message_id = ?2 ORDER BY id DESC LIMIT 1");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind(1, user_number).bind(2, message_id);
  return one_item(*stmt);
}

Status MailboxStore::acknowledge(std::int64_t user_number, std::int64_t id, const std::string& at) {
  auto db = pool_.acquire();
  if (!db) return tl::unexpected(db.error());
  auto stmt = (*db)->prepare(kAcknowledge);
  if (!stmt) return tl::unexpected(stmt.error());
  if (auto s = stmt->bind(1, user_number).bind(2, id).bind(3, at).run(); !s) return s;
  if ((*db)->changes() == 0) {
    return fail(ErrorCode::kNotFound, fmt::format("no mailbox item {}", id));
  }
  return ok();
}

}  // namespace gw::store
