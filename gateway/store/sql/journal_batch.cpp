#include "store/sql/journal_batch.h"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <string_view>

namespace gw::store {
namespace {

// Rows per statement: 100 entries are 700 parameters, well inside both
// backends' limits (SQLite 32766, PostgreSQL 65535).
constexpr std::size_t kRowsPerStatement = 100;

constexpr std::string_view kInsertEntries =
    "INSERT INTO journal_entries(id, booking_date, value_date, kind, payment_id, reference, "
    "created_at) VALUES ";
constexpr std::string_view kInsertLines =
    "INSERT INTO journal_lines(entry_id, account, currency, amount_minor, booking_date, "
    "counterparty_name, counterparty_iban, remittance) VALUES ";
// VALUES columns are column1, column2, ... on both backends; the casts give
// PostgreSQL the types its parameters would otherwise lack.
constexpr std::string_view kSettle =
    "UPDATE payments SET status = v.column2, reason = v.column3 FROM (VALUES ";
constexpr std::string_view kSettleTail =
    ") AS v WHERE payments.id = v.column1 AND payments.status = 'ACTC'";
constexpr std::string_view kInsertEvents =
    "INSERT INTO payment_events(payment_id, status, reason, at) VALUES ";
constexpr std::string_view kMoveBalance =
    "INSERT INTO ledger_balances(account, currency, balance_minor) VALUES (?1, ?2, ?3) "
    "ON CONFLICT (account) DO UPDATE SET balance_minor = ledger_balances.balance_minor + ?3";

// `head`, then `rows` tuples of `columns` placeholders numbered on from ?1
// (the first of each cast to `first_type` when given), then `tail`.
std::string rows_sql(std::string_view head, std::size_t rows, int columns,
                     std::string_view first_type = "", std::string_view tail = "") {
  std::string text(head);
  int n = 0;
  for (std::size_t row = 0; row < rows; ++row) {
    text += row == 0 ? "(" : ", (";
    for (int c = 0; c < columns; ++c) {
      ++n;
      if (c > 0) text += ", ";
      text += c == 0 && !first_type.empty() ? fmt::format("CAST(?{} AS {})", n, first_type)
                                            : fmt::format("?{}", n);
    }
    text += ")";
  }
  text += tail;
  return text;
}

// Writes `count` rows, kRowsPerStatement to a statement: full statements
// from `full` (prepared once, cached), the rest from a text made for it.
// `bind_row(statement, first_placeholder, row_index)` binds one row;
// `check(rows_written)` runs after each statement.
template <class BindRow, class Check>
Status write_in_statements(StatementCache& statements, const std::string& full,
                           const std::function<std::string(std::size_t)>& sql_for,
                           std::size_t count, int columns, BindRow bind_row, Check check) {
  for (std::size_t start = 0; start < count; start += kRowsPerStatement) {
    const std::size_t rows = std::min(kRowsPerStatement, count - start);
    std::optional<Statement> own;
    Statement* stmt = nullptr;
    if (rows == kRowsPerStatement) {
      auto cached = statements.get(full);
      if (!cached) return tl::unexpected(cached.error());
      stmt = *cached;
    } else {
      auto prepared = statements.db().prepare(sql_for(rows));
      if (!prepared) return tl::unexpected(prepared.error());
      own.emplace(std::move(*prepared));
      stmt = &*own;
    }
    for (std::size_t i = 0; i < rows; ++i) {
      bind_row(*stmt, static_cast<int>(i) * columns, start + i);
    }
    if (auto s = stmt->run(); !s) return s;
    if (auto s = check(rows); !s) return s;
  }
  return ok();
}

Status no_check(std::size_t) { return ok(); }

}  // namespace

Result<std::int64_t> JournalBatch::post(const JournalEntry& entry) {
  std::map<std::string, std::int64_t> per_currency;
  for (const auto& line : entry.lines) per_currency[line.currency] += line.amount_minor;
  for (const auto& [currency, sum] : per_currency) {
    if (sum != 0) {
      return fail(ErrorCode::kInternal,
                  fmt::format("a journal entry does not balance in {} (off by {})", currency, sum));
    }
  }
  if (next_entry_id_ == 0) {
    auto first = statements_.db().first_free_id("journal_entries");
    if (!first) return tl::unexpected(first.error());
    next_entry_id_ = *first;
  }
  const std::int64_t id = next_entry_id_++;
  last_entry_id_ = id;
  for (const auto& line : entry.lines) {
    auto& move = moves_[line.account];
    move.currency = line.currency;
    move.amount += line.amount_minor;
  }
  pending_lines_ += entry.lines.size();
  entries_.push_back(Entry{id, entry});
  if (entries_.size() >= kRowsPerStatement) {
    if (auto s = write_entries(); !s) return tl::unexpected(s.error());
  }
  return id;
}

Status JournalBatch::settle(std::int64_t payment_id, PaymentStatus status,
                            const std::string& reason, const std::string& at) {
  settlements_.push_back(Settlement{payment_id, std::string(iso_code(status)), reason, at});
  return settlements_.size() >= kRowsPerStatement ? write_settlements() : ok();
}

std::int64_t JournalBatch::pending_move(const std::string& account) const {
  const auto found = moves_.find(account);
  return found == moves_.end() ? 0 : found->second.amount;
}

Status JournalBatch::flush() {
  if (auto s = write_entries(); !s) return s;
  if (auto s = write_moves(); !s) return s;
  if (auto s = write_settlements(); !s) return s;
  if (last_entry_id_ == 0) return ok();
  return statements_.db().took_ids("journal_entries", last_entry_id_);
}

Status JournalBatch::write_entries() {
  if (entries_.empty()) return ok();
  static const std::string full_entries = rows_sql(kInsertEntries, kRowsPerStatement, 7);
  auto s = write_in_statements(
      statements_, full_entries, [](std::size_t rows) { return rows_sql(kInsertEntries, rows, 7); },
      entries_.size(), 7,
      [this](Statement& stmt, int b, std::size_t i) {
        const auto& [id, e] = entries_[i];
        stmt.bind(b + 1, id).bind_view(b + 2, e.booking_date).bind_view(b + 3, e.value_date);
        stmt.bind_view(b + 4, e.kind);
        if (e.payment_id) {
          stmt.bind(b + 5, *e.payment_id);
        } else {
          stmt.bind_null(b + 5);
        }
        stmt.bind(b + 6, fmt::format("TRL{:012}", id)).bind_view(b + 7, e.created_at);
      },
      no_check);
  if (!s) return s;
  // The lines, in entry order: their ids (the order statements show) follow it.
  struct LineRef {
    std::int64_t entry_id;
    const std::string* booking_date;
    const JournalLine* line;
  };
  std::vector<LineRef> lines;
  lines.reserve(pending_lines_);
  for (const auto& [id, e] : entries_) {
    for (const auto& line : e.lines) lines.push_back({id, &e.booking_date, &line});
  }
  static const std::string full_lines = rows_sql(kInsertLines, kRowsPerStatement, 8);
  s = write_in_statements(
      statements_, full_lines, [](std::size_t rows) { return rows_sql(kInsertLines, rows, 8); },
      lines.size(), 8,
      [&lines](Statement& stmt, int b, std::size_t i) {
        const auto& [entry_id, booking_date, line] = lines[i];
        stmt.bind(b + 1, entry_id)
            .bind_view(b + 2, line->account)
            .bind_view(b + 3, line->currency)
            .bind(b + 4, line->amount_minor)
            .bind_view(b + 5, *booking_date)
            .bind_view(b + 6, line->counterparty_name)
            .bind_view(b + 7, line->counterparty_iban)
            .bind_view(b + 8, line->remittance);
      },
      no_check);
  entries_.clear();
  pending_lines_ = 0;
  return s;
}

Status JournalBatch::write_moves() {
  for (const auto& [account, move] : moves_) {
    if (move.amount == 0) continue;
    auto stmt = statements_.get(kMoveBalance);
    if (!stmt) return tl::unexpected(stmt.error());
    if (auto s = (*stmt)->bind(1, account).bind(2, move.currency).bind(3, move.amount).run(); !s) {
      return s;
    }
  }
  moves_.clear();
  return ok();
}

Status JournalBatch::write_settlements() {
  if (settlements_.empty()) return ok();
  const auto settle_sql = [](std::size_t rows) {
    return rows_sql(kSettle, rows, 3, "bigint", kSettleTail);
  };
  static const std::string full_settle = settle_sql(kRowsPerStatement);
  const auto bind_settlement = [this](Statement& stmt, int b, std::size_t i) {
    const auto& s = settlements_[i];
    stmt.bind(b + 1, s.payment_id).bind_view(b + 2, s.status);
    if (s.reason.empty()) {
      stmt.bind_null(b + 3);
    } else {
      stmt.bind_view(b + 3, s.reason);
    }
  };
  Database& db = statements_.db();
  auto s = write_in_statements(statements_, full_settle, settle_sql, settlements_.size(), 3,
                               bind_settlement, [&db](std::size_t rows) -> Status {
                                 if (db.changes() == static_cast<std::int64_t>(rows)) return ok();
                                 return fail(ErrorCode::kInternal,
                                             "a payment of the run was settled already");
                               });
  if (!s) return s;
  static const std::string full_events = rows_sql(kInsertEvents, kRowsPerStatement, 4);
  s = write_in_statements(
      statements_, full_events, [](std::size_t rows) { return rows_sql(kInsertEvents, rows, 4); },
      settlements_.size(), 4,
      [this](Statement& stmt, int b, std::size_t i) {
        const auto& e = settlements_[i];
        stmt.bind(b + 1, e.payment_id).bind_view(b + 2, e.status);
        if (e.reason.empty()) {
          stmt.bind_null(b + 3);
        } else {
          stmt.bind_view(b + 3, e.reason);
        }
        stmt.bind_view(b + 4, e.at);
      },
      no_check);
  settlements_.clear();
  return s;
}

}  // namespace gw::store
