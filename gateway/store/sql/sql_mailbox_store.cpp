#include "store/sql/sql_mailbox_store.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <iterator>
#include <memory>
#include <set>
#include <vector>

#include "store/sql/row_helpers.h"

namespace gw::store {
namespace {

// An item as MailboxEntry shows it, with what it reports on when it is an
// account report (over "mailbox m", joined by kFrom).
constexpr std::string_view kColumns =
    "SELECT m.id, m.message_type, m.about_message_id, m.created_at, m.acknowledged_at, "
    "length(m.content), coalesce(r.account_iban, ''), coalesce(r.report_day, '') ";
constexpr std::string_view kFrom =
    "FROM mailbox m LEFT JOIN mailbox_reports r ON r.mailbox_id = m.id ";
// An account report's row, and what a query of them may ask (?1 to ?5: a
// type family "camt.053" matches its versions, as in kList).
constexpr std::string_view kReportRows =
    ", r.user_number, coalesce(r.content_mark, '') "
    "FROM mailbox_reports r JOIN mailbox m ON m.id = r.mailbox_id ";
constexpr std::string_view kReportCriteria =
    "AND (?1 = '' OR m.message_type = ?1 OR substr(m.message_type, 1, length(?1) + 1) = ?1 || "
    "'.') AND (?2 = 0 OR r.mailbox_id < ?2) AND (?3 = '' OR r.report_day >= ?3) "
    "AND (?4 = '' OR r.report_day <= ?4) AND (?5 = 0 OR r.final = 1) ";
// One account's reports, newest first, read in order from its own range of
// mailbox_reports_by_account: asked once per account and merged. One query
// over every account at once, (user, IBAN) IN (VALUES ...), had SQLite scan
// every report of every user, newest first, until enough of them matched
// (76 ms a view in a million reports for a signer with two accounts).
constexpr std::string_view kOfAccount =
    "WHERE r.user_number = ?6 AND r.account_iban = ?7 {} ORDER BY r.mailbox_id DESC LIMIT ?8";
// One report by its id (the primary key), whoever's: the caller checks the account.
constexpr std::string_view kById = "WHERE r.mailbox_id = ?6 {}";
// A type family "camt.053" matches its versions "camt.053.001.02" and ".08".
constexpr std::string_view kList =
    "WHERE m.user_number = ?1 AND m.id > ?2 AND (?3 OR m.acknowledged_at IS NULL) "
    "AND (?5 = '' OR m.message_type = ?5 OR substr(m.message_type, 1, length(?5) + 1) = ?5 || '.') "
    "AND (?6 = '' OR m.created_at >= ?6) AND (?7 = '' OR m.created_at < ?7) ";
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
  e.account_iban = s.column_text(6);
  e.report_day = s.column_text(7);
  return e;
}

Result<std::optional<MailboxItem>> one_item(Statement& stmt) {
  auto row = stmt.step();
  if (!row) return tl::unexpected(row.error());
  if (!*row) return std::optional<MailboxItem>{};
  return std::optional<MailboxItem>(MailboxItem{read_entry(stmt), stmt.column_text(8)});
}

}  // namespace

Result<std::int64_t> insert_mailbox_item(Database& db, std::int64_t user_number,
                                         const std::string& message_type,
                                         std::int64_t about_message_id, const std::string& content,
                                         const std::string& at) {
  // Mailbox ids become visible in their order (clients page "after" an id).
  if (auto s = db.lock_appends("mailbox"); !s) return tl::unexpected(s.error());
  auto stmt = db.prepare(
      "INSERT INTO mailbox(user_number, message_type, about_message_id, created_at, content) "
      "VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id");
  if (!stmt) return tl::unexpected(stmt.error());
  return inserted_id(stmt->bind(1, user_number)
                         .bind(2, message_type)
                         .bind(3, about_message_id)
                         .bind(4, at)
                         .bind_blob(5, content));
}

Result<std::vector<MailboxEntry>> SqlMailboxStore::list(std::int64_t user_number,
                                                        const MailboxQuery& query) {
  auto db = pool_.acquire();
  if (!db) return tl::unexpected(db.error());
  std::string sql = std::string(kColumns) + std::string(kFrom) + std::string(kList);
  if (query.report_accounts) {
    std::string accounts;
    for (std::size_t i = 0; i < query.report_accounts->size(); ++i) {
      accounts += fmt::format("{}?{}", i == 0 ? "" : ", ", 8 + i);
    }
    sql += accounts.empty()
               ? "AND r.account_iban IS NULL "
               : fmt::format("AND (r.account_iban IS NULL OR r.account_iban IN ({})) ", accounts);
  }
  sql += "ORDER BY m.id LIMIT ?4";
  auto stmt = (*db)->prepare(sql);
  if (!stmt) return tl::unexpected(stmt.error());
  if (query.report_accounts) {
    for (std::size_t i = 0; i < query.report_accounts->size(); ++i) {
      stmt->bind(static_cast<int>(8 + i), (*query.report_accounts)[i]);
    }
  }
  stmt->bind(1, user_number)
      .bind(2, query.after_id)
      .bind(3, std::int64_t{query.include_acknowledged ? 1 : 0})
      .bind(4, std::int64_t{query.limit})
      .bind(5, query.message_type)
      .bind(6, query.created_from)
      .bind(7, query.created_before);
  return collect<MailboxEntry>(*stmt, read_entry);
}

Result<std::optional<MailboxEntry>> SqlMailboxStore::entry(std::int64_t user_number,
                                                           std::int64_t id) {
  auto db = pool_.acquire();
  if (!db) return tl::unexpected(db.error());
  auto stmt = (*db)->prepare(std::string(kColumns) + std::string(kFrom) +
                             "WHERE m.user_number = ?1 AND m.id = ?2");
  if (!stmt) return tl::unexpected(stmt.error());
  auto row = stmt->bind(1, user_number).bind(2, id).step();
  if (!row) return tl::unexpected(row.error());
  if (!*row) return std::optional<MailboxEntry>{};
  return std::optional<MailboxEntry>(read_entry(*stmt));
}

Result<std::optional<MailboxItem>> SqlMailboxStore::fetch(std::int64_t user_number,
                                                          std::int64_t id) {
  auto db = pool_.acquire();
  if (!db) return tl::unexpected(db.error());
  auto stmt = (*db)->prepare(std::string(kColumns) + ", m.content " + std::string(kFrom) +
                             "WHERE m.user_number = ?1 AND m.id = ?2");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind(1, user_number).bind(2, id);
  return one_item(*stmt);
}

Result<std::optional<MailboxEntry>> SqlMailboxStore::latest_entry_about(
    std::int64_t user_number, std::int64_t message_id, const std::string& message_type) {
  auto db = pool_.acquire();
  if (!db) return tl::unexpected(db.error());
  auto stmt = (*db)->prepare(std::string(kColumns) + std::string(kFrom) +
                             "WHERE m.about_message_id = ?2 AND m.user_number = ?1 AND "
                             "substr(m.message_type, 1, length(?3) + 1) = ?3 || '.' "
                             "ORDER BY m.id DESC LIMIT 1");
  if (!stmt) return tl::unexpected(stmt.error());
  auto row = stmt->bind(1, user_number).bind(2, message_id).bind(3, message_type).step();
  if (!row) return tl::unexpected(row.error());
  if (!*row) return std::optional<MailboxEntry>{};
  return std::optional<MailboxEntry>(read_entry(*stmt));
}

namespace {

constexpr std::string_view kLastReportNumber =
    "SELECT last_number FROM report_numbers WHERE user_number = ?1 AND iban = ?2 AND kind = ?3";
constexpr std::string_view kMoveNotificationMark =
    "UPDATE notification_marks SET notified_line = ?3 "
    "WHERE user_number = ?1 AND iban = ?2 AND notified_line = ?4";
constexpr std::string_view kSetReportNumber =
    "INSERT INTO report_numbers(user_number, iban, kind, last_number) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT (user_number, iban, kind) DO UPDATE SET last_number = excluded.last_number";

Result<std::int64_t> last_report_number(Database& db, std::int64_t user_number,
                                        const std::string& iban, const std::string& kind) {
  auto stmt = db.prepare(kLastReportNumber);
  if (!stmt) return tl::unexpected(stmt.error());
  auto row = stmt->bind(1, user_number).bind(2, iban).bind(3, kind).step();
  if (!row) return tl::unexpected(row.error());
  return *row ? stmt->column_int(0) : 0;
}

// What an account report is about: its account and day (empty: not a report).
struct ReportSubject {
  std::string iban;
  std::string day;
  bool final = false;
  std::string content_mark;
};

// The file's content as a new mailbox item, copied in chunks through an
// incremental blob. Inside the caller's transaction.
Result<std::int64_t> insert_file(Database& db, std::int64_t user_number,
                                 const std::string& message_type, const std::filesystem::path& file,
                                 const std::string& at, const ReportSubject& subject) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(file, ec);
  if (ec) return fail(ErrorCode::kIo, "cannot read " + file.string());
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> in(std::fopen(file.c_str(), "rb"), &std::fclose);
  if (!in) return fail(ErrorCode::kIo, "cannot read " + file.string());
  if (auto s = db.lock_appends("mailbox"); !s) return tl::unexpected(s.error());
  auto stmt = db.prepare(
      "INSERT INTO mailbox(user_number, message_type, created_at, content) "
      "VALUES (?1, ?2, ?3, ?4) RETURNING id");
  if (!stmt) return tl::unexpected(stmt.error());
  auto inserted =
      inserted_id(stmt->bind(1, user_number).bind(2, message_type).bind(3, at).bind_blob(4, ""));
  if (!inserted) return tl::unexpected(inserted.error());
  const std::int64_t id = *inserted;
  if (!subject.iban.empty()) {
    auto report = db.prepare(
        "INSERT INTO mailbox_reports(mailbox_id, user_number, account_iban, report_day, final, "
        "content_mark) VALUES (?1, ?2, ?3, nullif(?4, ''), ?5, nullif(?6, ''))");
    if (!report) return tl::unexpected(report.error());
    if (auto s = report->bind(1, id)
                     .bind(2, user_number)
                     .bind(3, subject.iban)
                     .bind(4, subject.day)
                     .bind(5, std::int64_t{subject.final ? 1 : 0})
                     .bind(6, subject.content_mark)
                     .run();
        !s) {
      return tl::unexpected(s.error());
    }
  }
  if (auto s = db.write_blob({"mailbox", "content", id}, in.get(), size); !s) {
    return tl::unexpected(s.error());
  }
  return id;
}

}  // namespace

Result<std::int64_t> SqlMailboxStore::deliver_file(std::int64_t user_number,
                                                   const std::string& message_type,
                                                   const std::filesystem::path& file,
                                                   const std::string& at) {
  return audited(pool_, [&](Database& db) -> Result<std::int64_t> {
    return insert_file(db, user_number, message_type, file, at, {});
  });
}

Result<std::int64_t> SqlMailboxStore::next_report_number(std::int64_t user_number,
                                                         const std::string& iban,
                                                         const std::string& kind) {
  auto db = pool_.acquire();
  if (!db) return tl::unexpected(db.error());
  auto last = last_report_number(**db, user_number, iban, kind);
  if (!last) return tl::unexpected(last.error());
  return *last + 1;
}

Result<std::int64_t> SqlMailboxStore::deliver_report(const ReportNumber& number,
                                                     const std::string& message_type,
                                                     const std::filesystem::path& file,
                                                     const std::string& at) {
  return audited(pool_, [&](Database& db) -> Result<std::int64_t> {
    auto last = last_report_number(db, number.user_number, number.iban, number.kind);
    if (!last) return tl::unexpected(last.error());
    if (number.number != *last + 1) {
      return fail(ErrorCode::kAlreadyExists,
                  fmt::format("report number {} of {} {} is taken (last {})", number.number,
                              number.iban, number.kind, *last));
    }
    if (number.notified_line) {
      auto move = db.prepare(kMoveNotificationMark);
      if (!move) return tl::unexpected(move.error());
      if (auto s = move->bind(1, number.user_number)
                       .bind(2, number.iban)
                       .bind(3, *number.notified_line)
                       .bind(4, number.notified_after)
                       .run();
          !s) {
        return tl::unexpected(s.error());
      }
      if (db.changes() != 1) {
        return fail(ErrorCode::kAlreadyExists,
                    fmt::format("the notifications of {} to user {} moved on meanwhile",
                                number.iban, number.user_number));
      }
    }
    auto set = db.prepare(kSetReportNumber);
    if (!set) return tl::unexpected(set.error());
    if (auto s = set->bind(1, number.user_number)
                     .bind(2, number.iban)
                     .bind(3, number.kind)
                     .bind(4, number.number)
                     .run();
        !s) {
      return tl::unexpected(s.error());
    }
    return insert_file(db, number.user_number, message_type, file, at,
                       {number.iban, number.day, number.final, number.content_mark});
  });
}

Result<std::vector<AccountReportEntry>> SqlMailboxStore::account_reports(
    const AccountReportQuery& q) {
  if (q.accounts.empty() || q.limit <= 0) return std::vector<AccountReportEntry>{};
  const std::set<std::pair<std::int64_t, std::string>> asked(q.accounts.begin(), q.accounts.end());
  auto db = pool_.acquire();
  if (!db) return tl::unexpected(db.error());
  auto stmt = (*db)->prepare(
      fmt::format("{}{}{}", kColumns, kReportRows,
                  fmt::format(fmt::runtime(q.id > 0 ? kById : kOfAccount), kReportCriteria)));
  if (!stmt) return tl::unexpected(stmt.error());
  const auto criteria = [&q](Statement& s) -> Statement& {
    return s.bind(1, q.message_type)
        .bind(2, q.before_id)
        .bind(3, q.first_day)
        .bind(4, q.last_day)
        .bind(5, std::int64_t{q.final_only ? 1 : 0});
  };
  const auto read = [](const Statement& s) {
    return AccountReportEntry{s.column_int(8), read_entry(s), s.column_text(9)};
  };
  std::vector<AccountReportEntry> found;
  if (q.id > 0) {
    auto rows = collect<AccountReportEntry>(criteria(*stmt).bind(6, q.id), read);
    if (!rows) return tl::unexpected(rows.error());
    for (auto& row : *rows) {
      if (asked.contains({row.user_number, row.entry.account_iban}))
        found.push_back(std::move(row));
    }
    return found;
  }
  // Each account newest first up to the limit, then the newest of them all
  // (an account named twice is read once).
  for (const auto& [user, iban] : asked) {
    stmt->reset();
    auto rows = collect<AccountReportEntry>(
        criteria(*stmt).bind(6, user).bind(7, iban).bind(8, std::int64_t{q.limit}), read);
    if (!rows) return tl::unexpected(rows.error());
    std::move(rows->begin(), rows->end(), std::back_inserter(found));
  }
  std::sort(found.begin(), found.end(),
            [](const auto& a, const auto& b) { return a.entry.id > b.entry.id; });
  if (found.size() > static_cast<std::size_t>(q.limit)) {
    found.resize(static_cast<std::size_t>(q.limit));
  }
  return found;
}

Status SqlMailboxStore::export_to(std::int64_t user_number, std::int64_t id,
                                  const std::filesystem::path& out) {
  auto db = pool_.acquire();
  if (!db) return tl::unexpected(db.error());
  auto owner = (*db)->prepare("SELECT 1 FROM mailbox WHERE id = ?1 AND user_number = ?2");
  if (!owner) return tl::unexpected(owner.error());
  auto row = owner->bind(1, id).bind(2, user_number).step();
  if (!row) return tl::unexpected(row.error());
  if (!*row) return fail(ErrorCode::kNotFound, fmt::format("no mailbox item {}", id));
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(out.c_str(), "wb"), &std::fclose);
  if (!file) return fail(ErrorCode::kIo, "cannot write " + out.string());
  if (auto s = (*db)->read_blob({"mailbox", "content", id}, file.get()); !s) return s;
  if (std::fflush(file.get()) != 0) return fail(ErrorCode::kIo, "cannot write " + out.string());
  return ok();
}

Status SqlMailboxStore::acknowledge(std::int64_t user_number, std::int64_t id,
                                    const std::string& at) {
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
