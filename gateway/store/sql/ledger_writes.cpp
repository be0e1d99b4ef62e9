#include "store/sql/ledger_writes.h"

#include <fmt/format.h>

#include <string_view>

#include "store/sql/multi_row.h"

namespace gw::store {
namespace {

constexpr int kEntryBinds = 7;
constexpr int kLineBinds = 8;
constexpr int kSettleBinds = 3;
constexpr int kEventBinds = 4;

const MultiRowStatement& insert_entries() {
  static const MultiRowStatement statement(
      "INSERT INTO journal_entries(id, booking_date, value_date, kind, payment_id, reference, "
      "created_at) VALUES ",
      kEntryBinds);
  return statement;
}

const MultiRowStatement& insert_lines() {
  static const MultiRowStatement statement(
      "INSERT INTO journal_lines(entry_id, account, currency, amount_minor, booking_date, "
      "counterparty_name, counterparty_iban, remittance) VALUES ",
      kLineBinds);
  return statement;
}

// VALUES columns are column1, column2, ... on both backends. PostgreSQL
// types a parameter from its use: column1 is compared with a bigint id, so
// it is cast; column2 and column3, all of whose parameters are untyped,
// become text, as status and reason are.
const MultiRowStatement& settle_payments() {
  static const MultiRowStatement statement(
      "UPDATE payments SET status = v.column2, reason = v.column3 FROM (VALUES ", kSettleBinds,
      [](int first) {
        return fmt::format("(CAST(?{} AS bigint), ?{}, ?{})", first + 1, first + 2, first + 3);
      },
      ") AS v WHERE payments.id = v.column1 AND payments.status = 'ACTC'");
  return statement;
}

const MultiRowStatement& insert_events() {
  static const MultiRowStatement statement(
      "INSERT INTO payment_events(payment_id, status, reason, at) VALUES ", kEventBinds);
  return statement;
}

constexpr std::string_view kMoveBalance =
    "INSERT INTO ledger_balances(account, currency, balance_minor) VALUES (?1, ?2, ?3) "
    "ON CONFLICT (account) DO UPDATE SET balance_minor = ledger_balances.balance_minor + ?3";
// An account's day, as ledger_balances is its balance: statements' opening
// balances are summed over these (0036_ledger_day_totals.sql).
constexpr std::string_view kMoveDay =
    "INSERT INTO ledger_day_totals(account, booking_date, amount_minor) VALUES (?1, ?2, ?3) "
    "ON CONFLICT (account, booking_date) DO UPDATE SET amount_minor = "
    "ledger_day_totals.amount_minor + ?3";

}  // namespace

Result<std::int64_t> LedgerWrites::post(const JournalEntry& entry) {
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
    day_moves_[{line.account, entry.booking_date}] += line.amount_minor;
  }
  entries_.push_back(Entry{id, entry});
  if (entries_.size() >= MultiRowStatement::kRowsPerStatement[0]) {
    if (auto s = write_entries(); !s) return tl::unexpected(s.error());
  }
  return id;
}

Status LedgerWrites::settle(std::int64_t payment_id, PaymentStatus status,
                            const std::string& reason, const std::string& at) {
  settlements_.push_back(Settlement{payment_id, std::string(iso_code(status)), reason, at});
  return settlements_.size() >= MultiRowStatement::kRowsPerStatement[0] ? write_settlements()
                                                                        : ok();
}

std::int64_t LedgerWrites::pending_move(const std::string& account) const {
  const auto found = moves_.find(account);
  return found == moves_.end() ? 0 : found->second.amount;
}

Status LedgerWrites::flush() {
  if (auto s = write_entries(); !s) return s;
  if (auto s = write_moves(); !s) return s;
  if (auto s = write_settlements(); !s) return s;
  if (last_entry_id_ == reported_entry_id_) return ok();
  if (auto s = statements_.db().took_ids("journal_entries", last_entry_id_); !s) return s;
  reported_entry_id_ = last_entry_id_;
  return ok();
}

Status LedgerWrites::write_entries() {
  if (entries_.empty()) return ok();
  auto s = insert_entries().write(
      statements_, entries_.size(), [this](Statement& stmt, int b, std::size_t i) {
        const auto& [id, e] = entries_[i];
        stmt.bind(b + 1, id)
            .bind_view(b + 2, e.booking_date)
            .bind_view(b + 3, e.value_date)
            .bind_view(b + 4, e.kind);
        if (e.payment_id) {
          stmt.bind(b + 5, *e.payment_id);
        } else {
          stmt.bind_null(b + 5);
        }
        stmt.bind(b + 6, fmt::format("TRL{:012}", id)).bind_view(b + 7, e.created_at);
      });
  if (!s) return s;
  // The lines after their entries, in entry order: their ids (the order
  // statements show) follow it.
  struct LineRef {
    std::int64_t entry_id;
    const std::string* booking_date;
    const JournalLine* line;
  };
  std::vector<LineRef> lines;
  for (const auto& [id, e] : entries_) {
    for (const auto& line : e.lines) lines.push_back({id, &e.booking_date, &line});
  }
  s = insert_lines().write(statements_, lines.size(),
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
                           });
  entries_.clear();
  return s;
}

Status LedgerWrites::write_moves() {
  for (const auto& [account, move] : moves_) {
    // A move that nets to nothing (an account credited and debited alike in
    // one batch) changes no balance.
    if (move.amount == 0) continue;
    auto stmt = statements_.get(kMoveBalance);
    if (!stmt) return tl::unexpected(stmt.error());
    if (auto s = (*stmt)->bind(1, account).bind(2, move.currency).bind(3, move.amount).run(); !s) {
      return s;
    }
  }
  moves_.clear();
  for (const auto& [day, amount] : day_moves_) {
    if (amount == 0) continue;
    auto stmt = statements_.get(kMoveDay);
    if (!stmt) return tl::unexpected(stmt.error());
    if (auto s = (*stmt)->bind(1, day.first).bind(2, day.second).bind(3, amount).run(); !s) {
      return s;
    }
  }
  day_moves_.clear();
  return ok();
}

Status LedgerWrites::write_settlements() {
  if (settlements_.empty()) return ok();
  Database& db = statements_.db();
  auto s = settle_payments().write(
      statements_, settlements_.size(),
      [this](Statement& stmt, int b, std::size_t i) {
        const auto& settlement = settlements_[i];
        stmt.bind(b + 1, settlement.payment_id).bind_view(b + 2, settlement.status);
        bind_or_null(stmt, b + 3, settlement.reason);
      },
      [this, &db](std::size_t start, std::size_t rows) -> Status {
        if (db.changes() == static_cast<std::int64_t>(rows)) return ok();
        return fail(
            ErrorCode::kInternal,
            fmt::format("a payment among {} to {} was settled already",
                        settlements_[start].payment_id, settlements_[start + rows - 1].payment_id));
      });
  if (!s) return s;
  s = insert_events().write(statements_, settlements_.size(),
                            [this](Statement& stmt, int b, std::size_t i) {
                              const auto& e = settlements_[i];
                              stmt.bind(b + 1, e.payment_id).bind_view(b + 2, e.status);
                              bind_or_null(stmt, b + 3, e.reason);
                              stmt.bind_view(b + 4, e.at);
                            });
  settlements_.clear();
  return s;
}

}  // namespace gw::store
