#include "store/sql/sql_acceptance_store.h"

#include <fmt/format.h>

#include <string>

#include "store/sql/daily_usage_sql.h"
#include "store/sql/multi_row.h"
#include "store/sql/row_helpers.h"
#include "store/sql/statement_cache.h"

namespace gw::store {
namespace {

constexpr std::string_view kInstitutionOfUser =
    "SELECT institution_id FROM users WHERE user_number = ?1";
constexpr std::string_view kAnswerColumns =
    "SELECT m.id, m.content_sha256, "
    "CASE WHEN a.state = 'waiting' THEN 'PDNG' ELSE m.group_status END, m.answer_id, b.content "
    "FROM messages m JOIN mailbox b ON b.id = m.answer_id "
    "LEFT JOIN authorisations a ON a.message_id = m.id ";
constexpr std::string_view kMsgIdTaken =
    "SELECT 1 FROM messages WHERE institution_id = ?1 AND msg_id = ?2 AND group_status <> 'RJCT'";
constexpr std::string_view kPmtInfIdTaken =
    "SELECT 1 FROM payment_blocks b JOIN messages m ON m.id = b.message_id "
    "WHERE b.institution_id = ?1 AND b.pmt_inf_id = ?2 AND m.group_status <> 'RJCT'";
constexpr std::string_view kDailyUsage =
    "SELECT eur_minor FROM daily_usage WHERE user_number = ?1 AND iban = ?2 AND riga_date = ?3";
constexpr std::string_view kRate =
    "SELECT units_per_eur_micro FROM fx_rates WHERE currency = ?1 AND rate_date <= ?2 "
    "AND rate_date >= ?3 ORDER BY rate_date DESC LIMIT 1";
constexpr std::string_view kInsertMessage =
    "INSERT INTO messages(institution_id, user_number, message_type, msg_id, content_sha256, "
    "size_bytes, idempotency_key, received_at, initiating_party, group_status, transactions, "
    "accepted) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'RJCT', 0, 0) RETURNING id";
constexpr std::string_view kInsertBlock =
    "INSERT INTO payment_blocks(message_id, institution_id, pmt_inf_id, debtor_iban, "
    "debtor_name, requested_execution_date, status, service_level, execution_date, batch_booking, "
    "details) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'ACTC', nullif(?7, ''), nullif(?8, ''), ?9, ?10) "
    "RETURNING id";
// Payments go many to a statement (store/sql/multi_row.h); status and
// reason repeat the decision's binds 13 and 14.
constexpr int kPaymentBinds = 16;
constexpr std::size_t kPaymentsPerInsert = MultiRowStatement::kRowsPerStatement[0];

const MultiRowStatement& insert_payments() {
  static const MultiRowStatement statement(
      "INSERT INTO payments(id, block_id, position, instr_id, end_to_end_id, amount_minor, "
      "currency, eur_minor, creditor_name, creditor_iban, creditor_bic, remittance, decision, "
      "decision_reason, status, reason, details, fx_rate_micro) VALUES ",
      kPaymentBinds, [](int b) {
        return fmt::format(
            "(?{}, ?{}, ?{}, ?{}, ?{}, ?{}, ?{}, ?{}, ?{}, ?{}, ?{}, ?{}, ?{}, ?{}, ?{}, ?{}, ?{}, "
            "?{})",
            b + 1, b + 2, b + 3, b + 4, b + 5, b + 6, b + 7, b + 8, b + 9, b + 10, b + 11, b + 12,
            b + 13, b + 14, b + 13, b + 14, b + 15, b + 16);
      });
  return statement;
}

// The two repeats find_by_idempotency_key and find_accepted_content find,
// each by its index.
constexpr std::string_view kRepeatDecided =
    "SELECT 1 FROM messages WHERE user_number = ?1 AND ?2 <> '' AND idempotency_key = ?2 "
    "UNION ALL SELECT 1 FROM messages WHERE institution_id = ?4 AND content_sha256 = ?3 "
    "AND user_number = ?1 AND group_status <> 'RJCT' LIMIT 1";
constexpr std::string_view kSettleBlock =
    "UPDATE payment_blocks SET status = ?2, reason = ?3, first_payment_id = ?4, "
    "last_payment_id = ?5 WHERE id = ?1";
constexpr std::string_view kRejectRemaining =
    "UPDATE payments SET decision = 'RJCT', decision_reason = ?3, status = 'RJCT', reason = ?3 "
    "WHERE id BETWEEN ?1 AND ?2 AND decision = 'ACTC'";
constexpr std::string_view kEnqueue =
    "INSERT INTO ledger_queue(block_id, enqueued_at) VALUES (?1, ?2)";
constexpr std::string_view kQueueHeld =
    "INSERT INTO ledger_queue(block_id, enqueued_at) SELECT id, ?2 FROM payment_blocks "
    "WHERE message_id = ?1 AND status <> 'RJCT' ORDER BY id";
constexpr std::string_view kAwaitAuthorisation =
    "INSERT INTO authorisations(message_id, user_number, signatures_required, state, usage_date, "
    "expires_at, created_at) VALUES (?1, ?2, ?3, 'waiting', ?4, ?5, ?6)";
constexpr std::string_view kFinishMessage =
    "UPDATE messages SET group_status = ?2, transactions = ?3, accepted = ?4, "
    "accepted_eur_minor = ?5, findings = ?6, answer_id = ?7, decided_at = ?8, limit_day = ?9 "
    "WHERE id = ?1";

Result<StoredAnswer> read_answer(const Statement& s) {
  const std::string status = s.column_text(2);
  const auto group_status = parse_payment_status(status);
  if (!group_status) {
    return fail(ErrorCode::kStore, fmt::format("message {} has an unknown group status '{}'",
                                               s.column_int(0), status));
  }
  return StoredAnswer{s.column_int(0), s.column_text(1), *group_status, s.column_int(3),
                      s.column_text(4)};
}

Result<std::optional<StoredAnswer>> one_answer(Statement& stmt) {
  auto row = stmt.step();
  if (!row) return tl::unexpected(row.error());
  if (!*row) return std::optional<StoredAnswer>{};
  auto answer = read_answer(stmt);
  if (!answer) return tl::unexpected(answer.error());
  return std::optional<StoredAnswer>(std::move(*answer));
}

// One acceptance transaction on SQLite. Statements used per payment are
// prepared once and reset between rows.
class SqlAcceptanceUnit : public AcceptanceUnit {
 public:
  SqlAcceptanceUnit(Database& db, std::int64_t user_number, std::int64_t institution_id)
      : db_(db), statements_(db), user_number_(user_number), institution_id_(institution_id) {
    pending_.reserve(kPaymentsPerInsert);
  }

  Result<bool> repeat_decided(const std::string& idempotency_key,
                              const std::string& content_sha256) override {
    auto stmt = db_.prepare(kRepeatDecided);
    if (!stmt) return tl::unexpected(stmt.error());
    return stmt->bind(1, user_number_)
        .bind(2, idempotency_key)
        .bind(3, content_sha256)
        .bind(4, institution_id_)
        .step();
  }

  Result<bool> msg_id_taken(const std::string& msg_id) override {
    auto stmt = db_.prepare(kMsgIdTaken);
    if (!stmt) return tl::unexpected(stmt.error());
    return stmt->bind(1, institution_id_).bind(2, msg_id).step();
  }

  Result<bool> pmt_inf_id_taken(const std::string& pmt_inf_id) override {
    auto stmt = db_.prepare(kPmtInfIdTaken);
    if (!stmt) return tl::unexpected(stmt.error());
    return stmt->bind(1, institution_id_).bind(2, pmt_inf_id).step();
  }

  Result<std::vector<std::string>> closed_days() override { return store::closed_days(db_); }

  Result<std::int64_t> credential_version() override { return store::credential_version(db_); }

  Result<std::int64_t> daily_usage(const std::string& iban, const std::string& day) override {
    auto stmt = db_.prepare(kDailyUsage);
    if (!stmt) return tl::unexpected(stmt.error());
    auto row = stmt->bind(1, user_number_).bind(2, iban).bind(3, day).step();
    if (!row) return tl::unexpected(row.error());
    return *row ? stmt->column_int(0) : std::int64_t{0};
  }

  Status add_daily_usage(const std::string& iban, const std::string& day,
                         std::int64_t eur_minor) override {
    auto stmt = db_.prepare(kAddDailyUsage);
    if (!stmt) return tl::unexpected(stmt.error());
    return stmt->bind(1, user_number_).bind(2, iban).bind(3, day).bind(4, eur_minor).run();
  }

  Result<std::optional<std::int64_t>> rate(const std::string& currency, const std::string& day,
                                           int max_age_days) override {
    auto stmt = db_.prepare(kRate);
    if (!stmt) return tl::unexpected(stmt.error());
    auto row = stmt->bind(1, currency).bind(2, day).bind(3, days_before(day, max_age_days)).step();
    if (!row) return tl::unexpected(row.error());
    if (!*row) return std::optional<std::int64_t>{};
    return std::optional<std::int64_t>(stmt->column_int(0));
  }

  Result<std::int64_t> insert_message(const NewMessage& m) override {
    auto stmt = db_.prepare(kInsertMessage);
    if (!stmt) return tl::unexpected(stmt.error());
    stmt->bind(1, institution_id_).bind(2, m.user_number).bind(3, m.message_type);
    if (m.msg_id.empty()) {
      stmt->bind_null(4);
    } else {
      stmt->bind(4, m.msg_id);
    }
    stmt->bind(5, m.content_sha256).bind(6, m.size_bytes);
    if (m.idempotency_key.empty()) {
      stmt->bind_null(7);
    } else {
      stmt->bind(7, m.idempotency_key);
    }
    return inserted_id(stmt->bind(8, m.received_at).bind(9, m.initiating_party));
  }

  Result<std::int64_t> insert_block(const NewBlock& b) override {
    auto stmt = db_.prepare(kInsertBlock);
    if (!stmt) return tl::unexpected(stmt.error());
    return inserted_id(stmt->bind(1, b.message_id)
                           .bind(2, institution_id_)
                           .bind(3, b.pmt_inf_id)
                           .bind(4, b.debtor_iban)
                           .bind(5, b.debtor_name)
                           .bind(6, b.requested_execution_date)
                           .bind(7, b.service_level)
                           .bind(8, b.execution_date)
                           .bind(9, static_cast<std::int64_t>(b.batch_booking ? 1 : 0))
                           .bind(10, b.details));
  }

  Status insert_payment(NewPayment&& p) override {
    if (next_payment_id_ == 0) {
      // Blocks are id ranges: no other upload may take ids in between.
      if (auto s = db_.lock_appends("payments"); !s) return s;
      auto first = db_.first_free_id("payments");
      if (!first) return tl::unexpected(first.error());
      next_payment_id_ = *first;
    }
    // A block's payments get consecutive ids in block order: the block is that range.
    const std::int64_t id = next_payment_id_++;
    if (p.block_id != block_.id) block_ = {p.block_id, id, id};
    block_.last = id;
    if (p.position != id - block_.first + 1) {
      return fail(ErrorCode::kInternal, fmt::format("payment {} of block {} inserted out of order",
                                                    p.position, p.block_id));
    }
    pending_.push_back({id, std::move(p)});
    return pending_.size() == kPaymentsPerInsert ? write_payments() : ok();
  }

  Status settle_block(std::int64_t block_id, PaymentStatus status, const std::string& reason,
                      const std::string& at, bool held) override {
    if (auto s = write_payments(); !s) return s;
    auto set = db_.prepare(kSettleBlock);
    if (!set) return tl::unexpected(set.error());
    set->bind(1, block_id).bind(2, iso_code(status));
    if (reason.empty()) {
      set->bind_null(3);
    } else {
      set->bind(3, reason);
    }
    const bool has_payments = block_.id == block_id;
    if (has_payments) {
      set->bind(4, block_.first).bind(5, block_.last);
    } else {
      set->bind_null(4).bind_null(5);
    }
    if (auto s = set->run(); !s) return s;
    if (status == PaymentStatus::kRejected) {  // nothing of it for the ledger
      if (!has_payments) return ok();
      auto reject = db_.prepare(kRejectRemaining);
      if (!reject) return tl::unexpected(reject.error());
      return reject->bind(1, block_.first).bind(2, block_.last).bind(3, reason).run();
    }
    if (held) return ok();
    auto enqueue = db_.prepare(kEnqueue);
    if (!enqueue) return tl::unexpected(enqueue.error());
    return enqueue->bind(1, block_id).bind(2, at).run();
  }

  Status queue_held_blocks(std::int64_t message_id, const std::string& at) override {
    if (auto s = write_payments(); !s) return s;
    auto stmt = db_.prepare(kQueueHeld);
    if (!stmt) return tl::unexpected(stmt.error());
    return stmt->bind(1, message_id).bind(2, at).run();
  }

  Status await_authorisation(std::int64_t message_id, int signatures, const std::string& usage_date,
                             const std::string& expires_at, const std::string& at) override {
    auto stmt = db_.prepare(kAwaitAuthorisation);
    if (!stmt) return tl::unexpected(stmt.error());
    return stmt->bind(1, message_id)
        .bind(2, user_number_)
        .bind(3, static_cast<std::int64_t>(signatures))
        .bind(4, usage_date)
        .bind(5, expires_at)
        .bind(6, at)
        .run();
  }

  Result<std::int64_t> deliver(const std::string& message_type, std::int64_t about_message_id,
                               const std::string& content, const std::string& at) override {
    return insert_mailbox_item(db_, user_number_, message_type, about_message_id, content, at);
  }

  Status finish_message(std::int64_t message_id, const MessageOutcome& o) override {
    auto stmt = db_.prepare(kFinishMessage);
    if (!stmt) return tl::unexpected(stmt.error());
    return stmt->bind(1, message_id)
        .bind(2, iso_code(o.group_status))
        .bind(3, o.transactions)
        .bind(4, o.accepted)
        .bind(5, o.accepted_eur_minor)
        .bind(6, o.findings_json)
        .bind(7, o.mailbox_id)
        .bind(8, o.decided_at)
        .bind(9, o.limit_day)
        .run();
  }

  // The last payment id this unit took; 0 when it took none.
  std::int64_t last_payment_id() const { return next_payment_id_ == 0 ? 0 : next_payment_id_ - 1; }

  // Writes the payments not written yet.
  Status write_payments() {
    // Bound in place, not copied: the rows stay in pending_ until written.
    auto s = insert_payments().write(
        statements_, pending_.size(), [this](Statement& stmt, int b, std::size_t i) {
          const auto& [id, p] = pending_[i];
          stmt.bind(b + 1, id)
              .bind(b + 2, p.block_id)
              .bind(b + 3, p.position)
              .bind_view(b + 4, p.instr_id)
              .bind_view(b + 5, p.end_to_end_id)
              .bind(b + 6, p.amount_minor)
              .bind_view(b + 7, p.currency)
              .bind(b + 8, p.eur_minor)
              .bind_view(b + 9, p.creditor_name)
              .bind_view(b + 10, p.creditor_iban)
              .bind_view(b + 11, p.creditor_bic)
              .bind_view(b + 12, p.remittance)
              .bind_view(b + 13, iso_code(p.status));
          bind_or_null(stmt, b + 14, p.reason);
          stmt.bind_view(b + 15, p.details);
          bind_optional(stmt, b + 16,
                        p.fx_rate_micro > 0 ? std::optional(p.fx_rate_micro) : std::nullopt);
        });
    pending_.clear();
    return s;
  }

 private:
  Database& db_;
  StatementCache statements_;
  std::int64_t user_number_;
  std::int64_t institution_id_;
  std::int64_t next_payment_id_ = 0;  // 0: not read yet
  struct BlockRange {
    std::int64_t id = 0;
    std::int64_t first = 0;
    std::int64_t last = 0;
  };
  BlockRange block_;  // the payments of the block inserted last
  std::vector<std::pair<std::int64_t, NewPayment>> pending_;  // inserted, not yet written
};

}  // namespace

Result<std::optional<StoredAnswer>> SqlAcceptanceStore::find_by_idempotency_key(
    std::int64_t user_number, const std::string& key) {
  auto db = pool_.acquire();
  if (!db) return tl::unexpected(db.error());
  auto stmt = (*db)->prepare(std::string(kAnswerColumns) +
                             "WHERE m.user_number = ?1 AND m.idempotency_key = ?2");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind(1, user_number).bind(2, key);
  return one_answer(*stmt);
}

Result<std::optional<StoredAnswer>> SqlAcceptanceStore::find_accepted_content(
    std::int64_t user_number, const std::string& content_sha256) {
  auto db = pool_.acquire();
  if (!db) return tl::unexpected(db.error());
  auto stmt = (*db)->prepare(
      std::string(kAnswerColumns) +
      // By institution first: that is the index (messages_content).
      "WHERE m.institution_id = (SELECT institution_id FROM users WHERE user_number = ?1) "
      "AND m.content_sha256 = ?2 AND m.user_number = ?1 AND m.group_status <> 'RJCT' "
      "ORDER BY m.id LIMIT 1");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind(1, user_number).bind(2, content_sha256);
  return one_answer(*stmt);
}

Status SqlAcceptanceStore::decide(std::int64_t user_number, bool keep,
                                  const std::function<Status(AcceptanceUnit&)>& work) {
  auto db = pool_.acquire();
  if (!db) return tl::unexpected(db.error());
  for (int attempt = 1;; ++attempt) {
    auto s = decide_once(**db, user_number, keep, work);
    if (s || !(*db)->conflicted() || attempt == kConflictAttempts) return s;
    pause_after_conflict(attempt);
  }
}

Status SqlAcceptanceStore::decide_once(Database& db, std::int64_t user_number, bool keep,
                                       const std::function<Status(AcceptanceUnit&)>& work) {
  auto tx = Transaction::begin(db);
  if (!tx) return tl::unexpected(tx.error());
  auto institution = db.prepare(kInstitutionOfUser);
  if (!institution) return tl::unexpected(institution.error());
  auto row = institution->bind(1, user_number).step();
  if (!row) return tl::unexpected(row.error());
  if (!*row) return fail(ErrorCode::kNotFound, fmt::format("no user {}", user_number));
  SqlAcceptanceUnit unit(db, user_number, institution->column_int(0));
  if (auto s = work(unit); !s) return s;
  if (auto s = unit.write_payments(); !s) return s;
  if (const std::int64_t last = unit.last_payment_id(); last > 0) {
    if (auto s = db.took_ids("payments", last); !s) return s;
  }
  if (!keep) return ok();  // the transaction rolls back
  return tx->commit();
}

}  // namespace gw::store
