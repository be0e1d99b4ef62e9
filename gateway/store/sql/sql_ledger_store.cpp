#include "store/sql/sql_ledger_store.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "core/element_tree.h"
#include "store/sql/ledger_writes.h"
#include "store/sql/row_helpers.h"
#include "store/sql/statement_cache.h"
#include "store/sql/transaction.h"

namespace gw::store {
namespace {

constexpr std::string_view kDueMessages =
    "SELECT b.message_id FROM ledger_queue q JOIN payment_blocks b ON b.id = q.block_id "
    "WHERE q.consumed_at IS NULL AND coalesce(b.execution_date, b.requested_execution_date) <= ?1 "
    "GROUP BY b.message_id ORDER BY min(q.seq)";
constexpr std::string_view kDueBlocks =
    "SELECT q.block_id FROM ledger_queue q JOIN payment_blocks b ON b.id = q.block_id "
    "WHERE q.consumed_at IS NULL AND b.message_id = ?1 "
    "AND coalesce(b.execution_date, b.requested_execution_date) <= ?2 "
    "ORDER BY q.seq";
// A range of the block's payment ids (position n is id first_payment_id + n - 1):
// each chunk starts where the last one ended instead of passing over the
// payments already settled.
constexpr std::string_view kDuePayments =
    "SELECT p.id, p.position, m.id, m.user_number, coalesce(m.msg_id, ''), m.message_type, "
    "b.pmt_inf_id, p.instr_id, p.end_to_end_id, p.amount_minor, p.currency, p.eur_minor, "
    "b.debtor_iban, b.debtor_name, p.creditor_iban, p.creditor_name, p.remittance, "
    "b.requested_execution_date, coalesce((SELECT a.language FROM applications a "
    "WHERE a.user_number = m.user_number AND a.replaced_at IS NULL AND a.terminated_at IS NULL), "
    "'en'), coalesce(p.fx_rate_micro, 0) "
    "FROM payment_blocks b "
    "JOIN payments p ON p.id BETWEEN b.first_payment_id + ?2 AND b.last_payment_id "
    "JOIN messages m ON m.id = b.message_id "
    "WHERE b.id = ?1 AND p.status = 'ACTC' ORDER BY p.id LIMIT ?3";
constexpr std::string_view kAccount = "SELECT currency, state FROM accounts WHERE iban = ?1";
constexpr std::string_view kPaymentDetails = "SELECT details FROM payments WHERE id = ?1";
constexpr std::string_view kBalance =
    "SELECT balance_minor FROM ledger_balances WHERE account = ?1";
constexpr std::string_view kConsume =
    "UPDATE ledger_queue SET consumed_at = ?2 WHERE block_id = ?1 AND consumed_at IS NULL";
constexpr std::string_view kMessageProgress =
    "SELECT b.id, coalesce(sum(CASE WHEN p.status = 'ACSC' THEN 1 ELSE 0 END), 0), "
    "coalesce(sum(CASE WHEN p.status = 'RJCT' THEN 1 ELSE 0 END), 0), "
    "coalesce(sum(CASE WHEN p.status NOT IN ('ACSC', 'RJCT') THEN 1 ELSE 0 END), 0) "
    "FROM payment_blocks b JOIN payments p ON p.id BETWEEN b.first_payment_id AND "
    "b.last_payment_id "
    "WHERE b.message_id = ?1 GROUP BY b.id ORDER BY b.id";
constexpr std::string_view kQueueState =
    "SELECT count(*), min(enqueued_at) FROM ledger_queue WHERE consumed_at IS NULL";
constexpr std::string_view kUnbalanced =
    "SELECT entry_id FROM journal_lines GROUP BY entry_id, currency "
    "HAVING sum(amount_minor) <> 0 ORDER BY entry_id";
// The balance at the start of a day: the account's balance now less what
// was booked on that day and after (kept with the lines, in the same
// transaction): a recent day reads its few lines, not the account's history.
constexpr std::string_view kBalanceBefore =
    "SELECT coalesce((SELECT balance_minor FROM ledger_balances WHERE account = ?1), 0) - "
    "coalesce((SELECT sum(amount_minor) FROM ledger_day_totals "
    "WHERE account = ?1 AND booking_date >= ?2), 0)";
// Accounts whose day totals or balance disagree with their lines (should be
// none), each once: an account-day, or an account with day ''. Every day
// and account either side knows is compared (a kept row without lines too).
// An operator's check: it reads the whole journal's index about three times.
constexpr std::string_view kDisagreeing =
    "SELECT k.account, k.booking_date FROM (SELECT account, booking_date FROM journal_lines "
    "GROUP BY account, booking_date UNION SELECT account, booking_date FROM ledger_day_totals) k "
    "WHERE coalesce((SELECT t.amount_minor FROM ledger_day_totals t WHERE t.account = k.account "
    "AND t.booking_date = k.booking_date), 0) <> coalesce((SELECT sum(l.amount_minor) FROM "
    "journal_lines l WHERE l.account = k.account AND l.booking_date = k.booking_date), 0) "
    "UNION ALL SELECT k.account, '' FROM (SELECT account FROM journal_lines GROUP BY account "
    "UNION SELECT account FROM ledger_balances) k WHERE coalesce((SELECT b.balance_minor FROM "
    "ledger_balances b WHERE b.account = k.account), 0) <> coalesce((SELECT sum(l.amount_minor) "
    "FROM journal_lines l WHERE l.account = k.account), 0) ORDER BY 1, 2";
// The entry a line belongs to (grp, in both queries): its block's id, as a
// negative number, for the debit of a block booked as a batch; its own id
// otherwise.
// Lines of one account as statements show them, in booking order with a
// batch's lines where its first is: the query with its WHERE clause (over
// journal_lines l) in between.
constexpr std::string_view kLinesBefore =
    "WITH day AS (SELECT l.id, e.id AS entry, l.amount_minor AS amount, l.currency, "
    "l.booking_date, e.value_date, e.kind, e.reference, l.counterparty_name, "
    "l.counterparty_iban, l.remittance, coalesce(p.end_to_end_id, '') AS e2e, "
    "coalesce(p.instr_id, '') AS instr, coalesce(m.msg_id, '') AS msg, "
    "coalesce(b.pmt_inf_id, '') AS pmt_inf, coalesce(p.creditor_bic, '') AS bic, "
    "coalesce(p.amount_minor, 0) AS instructed, coalesce(p.currency, '') AS instructed_ccy, "
    "coalesce(b.details, '') AS block_details, coalesce(p.details, '') AS details, "
    "coalesce(b.debtor_name, '') AS debtor, coalesce(p.creditor_name, '') AS creditor, "
    "coalesce(p.fx_rate_micro, 0) AS fx_rate, coalesce(m.initiating_party, '') AS initiating, "
    "CASE WHEN l.amount_minor < 0 AND b.batch_booking = 1 THEN -b.id ELSE l.id END AS grp, "
    "CASE WHEN substr(l.counterparty_iban, 5, 4) = 'TREL' THEN 'T' "
    "ELSE coalesce(p.currency, '') || substr(l.counterparty_iban, 1, 2) END AS way "
    "FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id "
    "LEFT JOIN payments p ON p.id = e.payment_id "
    "LEFT JOIN payment_blocks b ON b.id = p.block_id LEFT JOIN messages m ON m.id = b.message_id ";
constexpr std::string_view kLinesAfter =
    ") SELECT id, entry, amount, currency, booking_date, value_date, kind, reference, "
    "counterparty_name, counterparty_iban, remittance, e2e, instr, msg, pmt_inf, bic, "
    "instructed, instructed_ccy, block_details, details, CASE WHEN grp < 0 THEN -grp ELSE 0 END, "
    "count(*) OVER w, sum(amount) OVER w, debtor, creditor, "
    "CASE WHEN min(way) OVER w = max(way) OVER w THEN 1 ELSE 0 END, fx_rate, initiating, "
    "min(id) OVER w AS first "
    "FROM day WINDOW w AS (PARTITION BY grp) ORDER BY first, id";
// The same columns for a page of lines, without the window over the whole
// day: the batch figures are 0.
constexpr std::string_view kPageAfter =
    ") SELECT id, entry, amount, currency, booking_date, value_date, kind, reference, "
    "counterparty_name, counterparty_iban, remittance, e2e, instr, msg, pmt_inf, bic, "
    "instructed, instructed_ccy, block_details, details, 0, 0, 0, debtor, creditor, 1, fx_rate, "
    "initiating FROM day ORDER BY id";
std::string lines_where(std::string_view where) {
  return fmt::format("{}{}{}", kLinesBefore, where, kLinesAfter);
}

Status each_line(Statement& stmt, const std::function<bool(const StatementLine&)>& each) {
  for (;;) {
    auto row = stmt.step();
    if (!row) return tl::unexpected(row.error());
    if (!*row) return ok();
    const StatementLine line{
        stmt.column_int(0),   stmt.column_int(1),       stmt.column_int(2),   stmt.column_text(3),
        stmt.column_text(4),  stmt.column_text(5),      stmt.column_text(6),  stmt.column_text(7),
        stmt.column_text(8),  stmt.column_text(9),      stmt.column_text(10), stmt.column_text(11),
        stmt.column_text(12), stmt.column_text(13),     stmt.column_text(14), stmt.column_text(15),
        stmt.column_int(16),  stmt.column_text(17),     stmt.column_text(18), stmt.column_text(19),
        stmt.column_int(20),  stmt.column_int(21),      stmt.column_int(22),  stmt.column_text(23),
        stmt.column_text(24), stmt.column_int(25) != 0, stmt.column_int(26),  stmt.column_text(27)};
    if (!each(line)) return ok();
  }
}
// Current applications asking for notifications, with the user's mark and
// the account's last line.
constexpr std::string_view kNotificationsDue =
    "SELECT user_number, iban, currency, after_line, up_to_line, report_version FROM ("
    "SELECT a.user_number, g.iban, acc.currency, n.notified_line AS after_line, a.report_version, "
    "(SELECT max(l.id) FROM journal_lines l WHERE l.account = g.iban) AS up_to_line "
    "FROM applications a JOIN application_accounts g ON g.application_id = a.id "
    "JOIN accounts acc ON acc.iban = g.iban "
    "JOIN notification_marks n ON n.user_number = a.user_number AND n.iban = g.iban "
    "WHERE a.replaced_at IS NULL AND a.terminated_at IS NULL AND a.valid_until > ?1 "
    "AND g.notifications = 1) AS due WHERE up_to_line > after_line ORDER BY user_number, iban";
constexpr std::string_view kDayTotals =
    "SELECT count(CASE WHEN l.amount_minor > 0 THEN 1 END), "
    "coalesce(sum(CASE WHEN l.amount_minor > 0 THEN l.amount_minor END), 0), "
    "count(DISTINCT CASE WHEN l.amount_minor < 0 AND b.batch_booking = 1 THEN -b.id "
    "WHEN l.amount_minor < 0 THEN l.id END), "
    "coalesce(-sum(CASE WHEN l.amount_minor < 0 THEN l.amount_minor END), 0) "
    "FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id "
    "LEFT JOIN payments p ON p.id = e.payment_id LEFT JOIN payment_blocks b ON b.id = p.block_id "
    "WHERE l.account = ?1 AND l.booking_date = ?2";

Result<std::optional<LedgerAccount>> read_account(StatementCache& statements,
                                                  const std::string& iban) {
  auto stmt_found = statements.get(kAccount);
  if (!stmt_found) return tl::unexpected(stmt_found.error());
  Statement* stmt = *stmt_found;
  auto row = stmt->bind(1, iban).step();
  if (!row) return tl::unexpected(row.error());
  if (!*row) return std::optional<LedgerAccount>{};
  const std::string state = stmt->column_text(1);
  const auto parsed = parse_account_state(state);
  if (!parsed) {
    return fail(ErrorCode::kStore,
                fmt::format("account {} has an unknown state '{}'", iban, state));
  }
  return std::optional<LedgerAccount>(LedgerAccount{stmt->column_text(0), *parsed});
}

Result<std::int64_t> read_balance(StatementCache& statements, const std::string& account) {
  auto stmt_found = statements.get(kBalance);
  if (!stmt_found) return tl::unexpected(stmt_found.error());
  Statement* stmt = *stmt_found;
  auto row = stmt->bind(1, account).step();
  if (!row) return tl::unexpected(row.error());
  return *row ? stmt->column_int(0) : std::int64_t{0};
}

class SqlLedgerUnit : public LedgerUnit {
 public:
  explicit SqlLedgerUnit(Database& db) : db_(db), statements_(db) {}

  // Writes what the unit kept; before the transaction commits.
  Status flush() { return writes_.flush(); }

  Result<std::vector<std::int64_t>> due_messages(const std::string& day) override {
    auto stmt = db_.prepare(kDueMessages);
    if (!stmt) return tl::unexpected(stmt.error());
    stmt->bind(1, day);
    return collect<std::int64_t>(*stmt, [](const Statement& s) { return s.column_int(0); });
  }

  Result<std::vector<std::int64_t>> due_blocks(std::int64_t message_id,
                                               const std::string& day) override {
    auto stmt = db_.prepare(kDueBlocks);
    if (!stmt) return tl::unexpected(stmt.error());
    stmt->bind(1, message_id).bind(2, day);
    return collect<std::int64_t>(*stmt, [](const Statement& s) { return s.column_int(0); });
  }

  Result<std::vector<DuePayment>> due_payments(std::int64_t block_id, std::int64_t after_position,
                                               int limit) override {
    auto found = statements_.get(kDuePayments);
    if (!found) return tl::unexpected(found.error());
    Statement& stmt = **found;
    stmt.bind(1, block_id).bind(2, after_position).bind(3, std::int64_t{limit});
    return collect<DuePayment>(stmt, [](const Statement& s) {
      DuePayment p;
      p.payment_id = s.column_int(0);
      p.position = s.column_int(1);
      p.message_id = s.column_int(2);
      p.user_number = s.column_int(3);
      p.msg_id = s.column_text(4);
      p.message_type = s.column_text(5);
      p.pmt_inf_id = s.column_text(6);
      p.instr_id = s.column_text(7);
      p.end_to_end_id = s.column_text(8);
      p.amount_minor = s.column_int(9);
      p.currency = s.column_text(10);
      p.eur_minor = s.column_int(11);
      p.debtor_iban = s.column_text(12);
      p.debtor_name = s.column_text(13);
      p.creditor_iban = s.column_text(14);
      p.creditor_name = s.column_text(15);
      p.remittance = s.column_text(16);
      p.requested_execution_date = s.column_text(17);
      p.language = parse_language(s.column_text(18)).value_or(Language::kEnglish);
      p.fx_rate_micro = s.column_int(19);
      return p;
    });
  }

  Result<std::string> payment_uetr(std::int64_t payment_id) override {
    auto found = statements_.get(kPaymentDetails);
    if (!found) return tl::unexpected(found.error());
    Statement& stmt = **found;
    auto row = stmt.bind(1, payment_id).step();
    if (!row) return tl::unexpected(row.error());
    return *row ? gw::payment_uetr(stmt.column_text(0)) : std::string();
  }

  Result<std::optional<LedgerAccount>> account(const std::string& iban) override {
    return read_account(statements_, iban);
  }

  Result<std::int64_t> balance(const std::string& account) override {
    auto stored = read_balance(statements_, account);
    if (!stored) return stored;
    return *stored + writes_.pending_move(account);
  }

  Result<std::int64_t> post(const JournalEntry& entry) override { return writes_.post(entry); }

  Status settle(const DuePayment& payment, PaymentStatus status, const std::string& reason,
                const std::string& at) override {
    return writes_.settle(payment.payment_id, status, reason, at);
  }

  Status consume_block(std::int64_t block_id, const std::string& at) override {
    if (auto s = writes_.flush(); !s) return s;
    auto consume = db_.prepare(kConsume);
    if (!consume) return tl::unexpected(consume.error());
    if (auto s = consume->bind(1, block_id).bind(2, at).run(); !s) return s;
    if (db_.changes() != 1) {
      return fail(ErrorCode::kInternal,
                  fmt::format("the queue row of block {} was consumed already", block_id));
    }
    return ok();
  }

  // The unit's transaction took lock_ledger_days first (SqlLedgerStore::run).
  Result<bool> hold_day_open(const std::string& day) override {
    auto ended = day_ended(db_, day);
    if (!ended) return tl::unexpected(ended.error());
    return !*ended;
  }

  Result<std::vector<BlockProgress>> message_progress(std::int64_t message_id) override {
    if (auto s = writes_.flush(); !s) return tl::unexpected(s.error());
    auto stmt = db_.prepare(kMessageProgress);
    if (!stmt) return tl::unexpected(stmt.error());
    stmt->bind(1, message_id);
    return collect<BlockProgress>(*stmt, [](const Statement& s) {
      return BlockProgress{s.column_int(0), s.column_int(1), s.column_int(2), s.column_int(3)};
    });
  }

  Result<std::int64_t> deliver(std::int64_t user_number, const std::string& message_type,
                               std::int64_t about_message_id, const std::string& content,
                               const std::string& at) override {
    return insert_mailbox_item(db_, user_number, message_type, about_message_id, content, at);
  }

 private:
  Database& db_;
  StatementCache statements_;
  LedgerWrites writes_{statements_};
};

// Inside the caller's read transaction.
Result<LedgerStore::DayFigures> read_figures(Database& db, const std::string& account,
                                             const std::string& day) {
  auto opening = db.prepare(kBalanceBefore);
  if (!opening) return tl::unexpected(opening.error());
  auto row = opening->bind(1, account).bind(2, day).step();
  if (!row) return tl::unexpected(row.error());
  LedgerStore::DayFigures figures;
  figures.opening = opening->column_int(0);
  auto totals = db.prepare(kDayTotals);
  if (!totals) return tl::unexpected(totals.error());
  row = totals->bind(1, account).bind(2, day).step();
  if (!row) return tl::unexpected(row.error());
  figures.totals = {totals->column_int(0), totals->column_int(1), totals->column_int(2),
                    totals->column_int(3)};
  return figures;
}

}  // namespace

Status SqlLedgerStore::run(const std::function<Status(LedgerUnit&)>& work) {
  auto db = pool_.acquire();
  if (!db) return tl::unexpected(db.error());
  return in_write_transaction(**db, [&](Database& conn) -> Status {
    // First: no end of day runs while the unit books (LedgerUnit::hold_day_open).
    if (auto s = conn.lock_ledger_days(); !s) return s;
    // Journal lines become visible in id order (notifications read after the last one seen).
    if (auto s = conn.lock_appends("journal_lines"); !s) return s;
    SqlLedgerUnit unit(conn);
    if (auto s = work(unit); !s) return s;
    return unit.flush();
  });
}

Result<std::optional<std::string>> SqlLedgerStore::clock() {
  auto db = pool_.acquire();
  if (!db) return tl::unexpected(db.error());
  auto stmt = (*db)->prepare("SELECT business_date FROM ledger_clock WHERE id = 1");
  if (!stmt) return tl::unexpected(stmt.error());
  auto row = stmt->step();
  if (!row) return tl::unexpected(row.error());
  if (!*row) return std::optional<std::string>{};
  return std::optional<std::string>(stmt->column_text(0));
}

Status SqlLedgerStore::set_clock(const std::string& actor, const std::string& business_date) {
  return audited(pool_, [&](Database& db) -> Status {
    auto stmt = db.prepare(
        "INSERT INTO ledger_clock(id, business_date) VALUES (1, ?1) "
        "ON CONFLICT (id) DO UPDATE SET business_date = ?1");
    if (!stmt) return tl::unexpected(stmt.error());
    if (auto s = stmt->bind(1, business_date).run(); !s) return s;
    return audit(db, actor, "ledger.clock", business_date, nlohmann::json::object());
  });
}

Result<std::vector<std::string>> closed_days(Database& db) {
  auto stmt = db.prepare("SELECT closed_date FROM ledger_closed_days ORDER BY closed_date");
  if (!stmt) return tl::unexpected(stmt.error());
  return collect<std::string>(*stmt, [](const Statement& s) { return s.column_text(0); });
}

Result<bool> day_ended(Database& db, const std::string& day) {
  // A later day closed closes the earlier ones too: booking on them would
  // change the later day's opening balance.
  auto stmt = db.prepare("SELECT 1 FROM ledger_days WHERE business_date >= ?1 LIMIT 1");
  if (!stmt) return tl::unexpected(stmt.error());
  return stmt->bind(1, day).step();
}

Result<std::vector<std::string>> SqlLedgerStore::extra_closed_days() {
  auto db = pool_.acquire();
  if (!db) return tl::unexpected(db.error());
  return closed_days(**db);
}

Status SqlLedgerStore::add_closed_day(const std::string& actor, const std::string& day,
                                      const std::string& note) {
  return audited(pool_, [&](Database& db) -> Status {
    auto stmt = db.prepare(
        "INSERT INTO ledger_closed_days(closed_date, note) VALUES (?1, ?2) "
        "ON CONFLICT (closed_date) DO UPDATE SET note = ?2");
    if (!stmt) return tl::unexpected(stmt.error());
    if (auto s = stmt->bind(1, day).bind(2, note).run(); !s) return s;
    return audit(db, actor, "ledger.closed_day", day, {{"note", note}});
  });
}

Status SqlLedgerStore::close_day(const std::string& actor, const std::string& day,
                                 const std::string& at) {
  return audited(pool_, [&](Database& db) -> Status {
    // First: waits for a booking still running, and is seen by the next.
    if (auto s = db.lock_ledger_days(); !s) return s;
    auto stmt = db.prepare(
        "INSERT INTO ledger_days(business_date, closed_at) VALUES (?1, ?2) "
        "ON CONFLICT (business_date) DO NOTHING");
    if (!stmt) return tl::unexpected(stmt.error());
    if (auto s = stmt->bind(1, day).bind(2, at).run(); !s) return s;
    return audit(db, actor, "ledger.end_of_day", day, nlohmann::json::object());
  });
}

Result<bool> SqlLedgerStore::day_closed(const std::string& day) {
  auto db = pool_.acquire();
  if (!db) return tl::unexpected(db.error());
  return day_ended(**db, day);
}

Status SqlLedgerStore::fund(const std::string& actor, const std::string& iban,
                            std::int64_t amount_minor, const std::string& day,
                            const std::string& at) {
  return audited(pool_, [&](Database& db) -> Status {
    if (auto s = db.lock_ledger_days(); !s) return s;
    if (auto s = db.lock_appends("journal_lines"); !s) return s;
    // Closed since the caller chose the day (end of day ran meanwhile): its
    // statement is final, so nothing more is booked on it.
    auto closed = day_ended(db, day);
    if (!closed) return tl::unexpected(closed.error());
    if (*closed) {
      return fail(ErrorCode::kAlreadyExists,
                  fmt::format("{} was closed meanwhile; fund again for the next day", day));
    }
    StatementCache statements(db);
    auto account = read_account(statements, iban);
    if (!account) return tl::unexpected(account.error());
    if (!*account) return fail(ErrorCode::kNotFound, fmt::format("no account {}", iban));
    const std::string& ccy = (*account)->currency;
    JournalEntry entry{day,
                       day,
                       "funding",
                       std::nullopt,
                       at,
                       {JournalLine{iban, ccy, amount_minor, "Valsts kase", "", "Funding"},
                        JournalLine{"FUNDING-" + ccy, ccy, -amount_minor, "", iban, "Funding"}}};
    LedgerWrites writes(statements);
    auto id = writes.post(entry);
    if (!id) return tl::unexpected(id.error());
    if (auto s = writes.flush(); !s) return s;
    return audit(db, actor, "ledger.fund", iban,
                 {{"amount_minor", amount_minor}, {"currency", ccy}, {"entry_id", *id}});
  });
}

Result<std::optional<LedgerAccount>> SqlLedgerStore::account(const std::string& iban) {
  auto db = pool_.acquire();
  if (!db) return tl::unexpected(db.error());
  StatementCache statements(**db);
  return read_account(statements, iban);
}

Result<QueueState> SqlLedgerStore::queue_state() {
  auto db = pool_.acquire();
  if (!db) return tl::unexpected(db.error());
  auto stmt = (*db)->prepare(kQueueState);
  if (!stmt) return tl::unexpected(stmt.error());
  auto row = stmt->step();
  if (!row) return tl::unexpected(row.error());
  QueueState state;
  if (*row) {
    state.blocks = stmt->column_int(0);
    if (!stmt->column_is_null(1)) state.oldest = stmt->column_text(1);
  }
  return state;
}

Result<std::vector<std::int64_t>> SqlLedgerStore::unbalanced_entries() {
  auto db = pool_.acquire();
  if (!db) return tl::unexpected(db.error());
  auto stmt = (*db)->prepare(kUnbalanced);
  if (!stmt) return tl::unexpected(stmt.error());
  return collect<std::int64_t>(*stmt, [](const Statement& s) { return s.column_int(0); });
}

Result<std::vector<std::string>> SqlLedgerStore::disagreeing_totals() {
  auto db = pool_.acquire();
  if (!db) return tl::unexpected(db.error());
  auto stmt = (*db)->prepare(kDisagreeing);
  if (!stmt) return tl::unexpected(stmt.error());
  return collect<std::string>(*stmt, [](const Statement& s) {
    const std::string day = s.column_text(1);
    return day.empty() ? s.column_text(0) : s.column_text(0) + " " + day;
  });
}

Result<std::int64_t> SqlLedgerStore::balance(const std::string& account) {
  auto db = pool_.acquire();
  if (!db) return tl::unexpected(db.error());
  StatementCache statements(**db);
  return read_balance(statements, account);
}

Result<SqlLedgerStore::DayFigures> SqlLedgerStore::day_figures(const std::string& account,
                                                               const std::string& day) {
  auto db = pool_.acquire();
  if (!db) return tl::unexpected(db.error());
  auto tx = Transaction::begin_read(**db);
  if (!tx) return tl::unexpected(tx.error());
  return read_figures(**db, account, day);
}

Status SqlLedgerStore::read_day(const std::string& account, const std::string& day,
                                const std::function<Status(const DayFigures&)>& head,
                                const std::function<bool(const StatementLine&)>& each) {
  auto db = pool_.acquire();
  if (!db) return tl::unexpected(db.error());
  auto tx = Transaction::begin_read(**db);
  if (!tx) return tl::unexpected(tx.error());
  auto figures = read_figures(**db, account, day);
  if (!figures) return tl::unexpected(figures.error());
  if (auto s = head(*figures); !s) return s;
  static const std::string sql = lines_where("WHERE l.account = ?1 AND l.booking_date = ?2");
  auto stmt = (*db)->prepare(sql);
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind(1, account).bind(2, day);
  return each_line(*stmt, each);
}

Status SqlLedgerStore::lines_page(const std::string& account, const std::string& day,
                                  std::int64_t after_line, int limit,
                                  const std::function<bool(const StatementLine&)>& each) {
  auto db = pool_.acquire();
  if (!db) return tl::unexpected(db.error());
  // The page is chosen inside the CTE, through journal_lines_statement
  // (account, booking_date, id): only its lines are joined and read.
  static const std::string sql = fmt::format(
      "{}WHERE l.account = ?1 AND l.booking_date = ?2 AND l.id > ?3 ORDER BY l.id LIMIT ?4{}",
      kLinesBefore, kPageAfter);
  auto stmt = (*db)->prepare(sql);
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind(1, account).bind(2, day).bind(3, after_line).bind(4, std::int64_t{limit});
  return each_line(*stmt, each);
}

Status SqlLedgerStore::lines_between(const std::string& account, std::int64_t after_line,
                                     std::int64_t up_to_line,
                                     const std::function<bool(const StatementLine&)>& each) {
  auto db = pool_.acquire();
  if (!db) return tl::unexpected(db.error());
  static const std::string sql = lines_where("WHERE l.account = ?1 AND l.id > ?2 AND l.id <= ?3");
  auto stmt = (*db)->prepare(sql);
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind(1, account).bind(2, after_line).bind(3, up_to_line);
  return each_line(*stmt, each);
}

Result<std::vector<NotificationDue>> SqlLedgerStore::notifications_due(const std::string& now) {
  auto db = pool_.acquire();
  if (!db) return tl::unexpected(db.error());
  auto stmt = (*db)->prepare(kNotificationsDue);
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind(1, now);
  std::vector<NotificationDue> due;
  for (;;) {
    auto row = stmt->step();
    if (!row) return tl::unexpected(row.error());
    if (!*row) return due;
    NotificationDue d;
    d.user_number = stmt->column_int(0);
    d.iban = stmt->column_text(1);
    d.currency = stmt->column_text(2);
    d.after_line = stmt->column_int(3);
    d.up_to_line = stmt->column_int(4);
    d.report_version = stmt->column_text(5);
    due.push_back(std::move(d));
  }
}

}  // namespace gw::store
