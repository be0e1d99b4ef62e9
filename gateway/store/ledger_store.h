// The store side of the reference ledger core: units of work that book
// queued payments (balances, journal, the queue row consumed, the payment's
// status and its pain.002 in one transaction), the ledger's business date,
// funding, and the reads statements are made of. Thread-safe.
//
// What every implementation must keep:
//  - Exactly once: a payment leaves ACTC once (settle refuses a payment that
//    is no longer ACTC), in the same commit as its journal entry and balance
//    moves; a unit that fails books nothing, so a crash between units is
//    resumed from the queue as it was committed.
//  - Units of work (run) do not overlap: store/sqlite/ holds the database
//    write lock for the unit; a server database needs one ledger at a time
//    (a lease) as well as row locks.
//  - Journal entries balance per currency (post refuses one that does not).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/account_state.h"
#include "core/language.h"
#include "core/payment_status.h"
#include "core/result.h"
#include "policy/report_version.h"

namespace gw::store {

// The ledger queue at a glance (the operator console's health page).
struct QueueState {
  std::int64_t blocks = 0;            // accepted blocks not yet consumed
  std::optional<std::string> oldest;  // enqueued_at of the oldest of them
};

// A queued payment whose execution date has come.
struct DuePayment {
  std::int64_t payment_id = 0;
  std::int64_t position = 0;  // in its block, from 1
  std::int64_t message_id = 0;
  std::int64_t user_number = 0;
  std::string msg_id;
  std::string message_type;
  std::string pmt_inf_id;
  std::string instr_id;
  std::string end_to_end_id;
  std::int64_t amount_minor = 0;
  std::string currency;
  std::int64_t eur_minor = 0;  // rounded up: what the limits counted
  // The rate converted at (units per EUR, millionths; 0: an EUR payment):
  // an EUR account is debited the nearest cent (rates::eur_minor_debited).
  std::int64_t fx_rate_micro = 0;
  std::string debtor_iban;
  std::string debtor_name;
  std::string creditor_iban;
  std::string creditor_name;
  std::string remittance;  // encoded (core/remittance.h)
  std::string requested_execution_date;
  Language language = Language::kEnglish;  // of the uploader's status texts (its application's)
};

// An account as the ledger books it: its currency, and whether it may move.
// How the payments of one block stand: booked (ACSC), rejected (RJCT, at
// acceptance or by the ledger) and the rest, still waiting.
struct BlockProgress {
  std::int64_t block_id = 0;
  std::int64_t settled = 0;
  std::int64_t rejected = 0;
  std::int64_t open = 0;
};

struct LedgerAccount {
  std::string currency;
  AccountState state = AccountState::kOpen;
};

struct JournalLine {
  std::string account;
  std::string currency;
  std::int64_t amount_minor = 0;  // > 0 credit, < 0 debit
  std::string counterparty_name;
  std::string counterparty_iban;
  std::string remittance;  // encoded (core/remittance.h)
};

struct JournalEntry {
  std::string booking_date;
  std::string value_date;
  std::string kind;  // payment | funding
  std::optional<std::int64_t> payment_id;
  std::string created_at;
  std::vector<JournalLine> lines;  // must balance per currency
};

class LedgerUnit {
 public:
  virtual ~LedgerUnit() = default;
  // Messages with queued blocks due (requested execution date on or before
  // `day`), oldest first.
  // False when end of day has closed `day` or a later day (nothing more is
  // booked on it); else true, and the day stays open until this transaction
  // ends: a unit's transaction excludes every end of day, in any process
  // (Database::lock_ledger_days), so no day closes under a booking.
  virtual Result<bool> hold_day_open(const std::string& day) = 0;
  virtual Result<std::vector<std::int64_t>> due_messages(const std::string& day) = 0;
  // The queued blocks of one message due on `day`, in queue order.
  virtual Result<std::vector<std::int64_t>> due_blocks(std::int64_t message_id,
                                                       const std::string& day) = 0;
  // Up to `limit` payments of a queued block still waiting for the ledger
  // (status ACTC) after position `after_position`, in block order.
  virtual Result<std::vector<DuePayment>> due_payments(std::int64_t block_id,
                                                       std::int64_t after_position, int limit) = 0;
  // The payment's own UETR (PmtId/UETR, pain.001.001.09), for its status
  // report; empty when it has none.
  virtual Result<std::string> payment_uetr(std::int64_t payment_id) = 0;
  virtual Result<std::optional<LedgerAccount>> account(const std::string& iban) = 0;
  virtual Result<std::int64_t> balance(const std::string& account) = 0;
  // Records the entry and its lines and moves the balances (balance() sees
  // the moves at once); returns the entry's id. Refuses an entry that does
  // not balance per currency. The rows may be written later in the unit, in
  // one statement with others.
  virtual Result<std::int64_t> post(const JournalEntry& entry) = 0;
  // The payment's new status (ACSC or RJCT) and its history step. A payment
  // that is no longer ACTC fails the unit, at the latest when the block is
  // consumed or the unit ends: nothing is taken twice.
  virtual Status settle(const DuePayment& payment, PaymentStatus status, const std::string& reason,
                        const std::string& at) = 0;
  // The block's queue row, once every payment of it is settled.
  virtual Status consume_block(std::int64_t block_id, const std::string& at) = 0;
  // Every block of the message that has payments, in file order, with this
  // unit's settlements counted: what its status report says of the group.
  virtual Result<std::vector<BlockProgress>> message_progress(std::int64_t message_id) = 0;
  virtual Result<std::int64_t> deliver(std::int64_t user_number, const std::string& message_type,
                                       std::int64_t about_message_id, const std::string& content,
                                       const std::string& at) = 0;
};

// One booked line as statements show it.
struct StatementLine {
  std::int64_t line_id = 0;
  std::int64_t entry_id = 0;
  std::int64_t amount_minor = 0;
  std::string currency;
  std::string booking_date;
  std::string value_date;
  std::string kind;
  std::string reference;
  std::string counterparty_name;
  std::string counterparty_iban;
  std::string remittance;     // encoded (core/remittance.h)
  std::string end_to_end_id;  // empty for funding
  std::string instr_id;
  std::string msg_id;
  std::string pmt_inf_id;
  // The payment as instructed (its currency may differ from the line's).
  std::string creditor_bic;
  std::int64_t instructed_minor = 0;
  std::string instructed_currency;
  std::string block_details;    // core/element_tree.h
  std::string payment_details;  // core/element_tree.h
  // One of a batch entry (a block's debits booked as one, BtchBookg): the
  // block's id, and the entry's lines and sum on this day; 0 otherwise.
  std::int64_t batch = 0;
  std::int64_t batch_lines = 0;
  std::int64_t batch_sum_minor = 0;
  std::string debtor_name;    // the payment's block's
  std::string creditor_name;  // the payment's
  // Every line of its batch goes the same way (inside the treasury, or to
  // one country in one currency), so the batch has one transaction code.
  bool batch_uniform = true;
  // The EUR reference rate of a foreign-currency payment debited in EUR
  // (NewPayment::fx_rate_micro); 0: none.
  std::int64_t fx_rate_micro = 0;
  std::string initiating_party;  // of the payment's file (NewMessage::initiating_party)
};

// A user due a camt.054 debit/credit notification for an account: the
// account has lines after the user's mark (the last line notified, or the
// account's last when notifications started).
struct NotificationDue {
  std::int64_t user_number = 0;
  std::string iban;
  std::string currency;
  std::int64_t after_line = 0;  // the mark: the lines after this one are due
  std::int64_t up_to_line = 0;  // the account's last line
  std::string report_version{policy::kDefaultReportVersion};  // the application's
};

class LedgerStore {
 public:
  virtual ~LedgerStore() = default;

  // Runs `work` in one write transaction; commits when it succeeds.
  virtual Status run(const std::function<Status(LedgerUnit&)>& work) = 0;

  virtual Result<std::optional<std::string>> clock() = 0;
  virtual Status set_clock(const std::string& actor, const std::string& business_date) = 0;
  virtual Result<std::vector<std::string>> extra_closed_days() = 0;
  virtual Status add_closed_day(const std::string& actor, const std::string& day,
                                const std::string& note) = 0;
  virtual Status close_day(const std::string& actor, const std::string& day,
                           const std::string& at) = 0;
  // Whether end of day has closed `day` or a later day: nothing more is
  // booked on it, and its statements are final.
  virtual Result<bool> day_closed(const std::string& day) = 0;

  // Credits a customer account from FUNDING-<ccy> (operators, tests) on `day`; refused
  // when `day` is closed by then.
  virtual Status fund(const std::string& actor, const std::string& iban, std::int64_t amount_minor,
                      const std::string& day, const std::string& at) = 0;

  virtual Result<std::optional<LedgerAccount>> account(const std::string& iban) = 0;
  // What waits for the ledger: accepted blocks not yet consumed (partial index).
  virtual Result<QueueState> queue_state() = 0;
  // Entries of the journal whose lines do not add up to zero per currency (should be none).
  virtual Result<std::vector<std::int64_t>> unbalanced_entries() = 0;
  // Accounts ("IBAN") and account-days ("IBAN YYYY-MM-DD") whose kept balance
  // or day total disagrees with the sum of their journal lines (should be none).
  virtual Result<std::vector<std::string>> disagreeing_totals() = 0;
  virtual Result<std::int64_t> balance(const std::string& account) = 0;
  struct DayTotals {
    std::int64_t credit_count = 0;
    std::int64_t credit_sum = 0;
    std::int64_t debit_count = 0;
    std::int64_t debit_sum = 0;  // positive
    bool operator==(const DayTotals&) const = default;
  };
  // Entries count a batch (StatementLine::batch) once.
  struct DayFigures {
    std::int64_t opening = 0;  // the balance at the start of the day (everything booked before)
    DayTotals totals;
    bool operator==(const DayFigures&) const = default;
  };
  // The figures of `account` on `day`, read in one snapshot. Lines are only
  // ever added, none of amount 0 (the schema's CHECK): a credit adds to the
  // credit count, a debit to the debit sum (a batch's debits count once),
  // a line on an earlier day to the opening. Equal figures, the same lines.
  virtual Result<DayFigures> day_figures(const std::string& account, const std::string& day) = 0;
  // A day's report as one snapshot, so that its balances and totals agree
  // with its entries while the ledger books: `head` gets the day's figures,
  // then `each` the lines of `account` booked on `day`, in booking order (a
  // batch's lines together, where its first line is), one call per line
  // (streamed: never all in memory; returning false stops early).
  virtual Status read_day(const std::string& account, const std::string& day,
                          const std::function<Status(const DayFigures&)>& head,
                          const std::function<bool(const StatementLine&)>& each) = 0;
  // A page of read_day's lines (the portal's statement): the lines of
  // `account` on `day` with ids after `after_line`, in booking order (a
  // batch's lines are booked together, so id order is that order), at most
  // `limit`, without the batch figures (StatementLine::batch* are 0). Reads
  // only the page: any page of a day of 100k lines costs the same.
  virtual Status lines_page(const std::string& account, const std::string& day,
                            std::int64_t after_line, int limit,
                            const std::function<bool(const StatementLine&)>& each) = 0;
  // As read_day's lines, for the lines of `account` with ids after `after_line` up
  // to `up_to_line`, whatever their day.
  virtual Status lines_between(const std::string& account, std::int64_t after_line,
                               std::int64_t up_to_line,
                               const std::function<bool(const StatementLine&)>& each) = 0;
  // Users of current applications that ask for notifications on an account,
  // with lines due (`now`: UTC, ISO 8601, for the applications' validity).
  virtual Result<std::vector<NotificationDue>> notifications_due(const std::string& now) = 0;

 protected:
  LedgerStore() = default;
  LedgerStore(const LedgerStore&) = default;
  LedgerStore& operator=(const LedgerStore&) = default;
};

}  // namespace gw::store
