#include "ledger/ledger_core.h"

#include <fmt/format.h>

#include <map>
#include <optional>
#include <set>

#include "iso20022/status_report.h"
#include "rates/fx_rate.h"

namespace gw::ledger {
namespace {

// What an EUR account pays for a payment in another currency: its EUR
// equivalent to the nearest cent at the payment's rate (the limits counted
// it rounded up: eur_minor, also what a payment stored without a rate pays).
std::int64_t eur_debit(const store::DuePayment& p) {
  const auto nearest = p.fx_rate_micro > 0
                           ? rates::eur_minor_debited(p.amount_minor, p.fx_rate_micro)
                           : std::nullopt;
  return nearest.value_or(p.eur_minor);
}

using iso20022::BlockStatus;
using iso20022::StatusReason;
using iso20022::StatusReport;
using iso20022::TransactionStatus;

constexpr int kChunk = 1000;  // due payments read per query
// How many business days ahead open_booking_date() looks for one not closed.
constexpr int kMaxClosedAhead = 366;

struct Outcome {
  PaymentStatus status = PaymentStatus::kRejected;  // or kSettled
  std::string reason;
  Sentence text;
};

// A closed or blocked account (the debtor's or the creditor's) refuses the payment.
std::optional<Outcome> state_refusal(AccountState state, bool debtor) {
  const std::string_view whose = debtor ? "debtor" : "creditor";
  const std::string_view kura = debtor ? "Maksātāja" : "Saņēmēja";
  if (state == AccountState::kClosed) {
    return Outcome{
        PaymentStatus::kRejected,
        "AC04",
        {fmt::format("the {} account is closed", whose), fmt::format("{} konts ir slēgts", kura)}};
  }
  if (state == AccountState::kBlocked) {
    return Outcome{PaymentStatus::kRejected,
                   "AC06",
                   {fmt::format("the {} account is blocked", whose),
                    fmt::format("{} konts ir bloķēts", kura)}};
  }
  return std::nullopt;
}

// The balances touched during one message's run, read once and kept current.
class Balances {
 public:
  explicit Balances(store::LedgerUnit& unit) : unit_(unit) {}
  Result<std::int64_t> get(const std::string& account) {
    auto found = cache_.find(account);
    if (found != cache_.end()) return found->second;
    auto b = unit_.balance(account);
    if (!b) return tl::unexpected(b.error());
    cache_.emplace(account, *b);
    return *b;
  }
  void move(const std::string& account, std::int64_t amount) {
    auto found = cache_.find(account);
    if (found != cache_.end()) found->second += amount;
  }

 private:
  store::LedgerUnit& unit_;
  std::map<std::string, std::int64_t> cache_;
};

// Books or rejects one due payment after another within a message's run:
// the accounts and balances it touches are read once and kept current.
class PaymentBooker {
 public:
  PaymentBooker(store::LedgerUnit& unit, std::string day, std::string at)
      : unit_(unit), balances_(unit), day_(std::move(day)), at_(std::move(at)) {}

  // ACSC with its journal entry posted, or RJCT with the reason; nothing is
  // settled yet.
  Result<Outcome> book(const store::DuePayment& p) {
    auto debtor = account(p.debtor_iban);
    if (!debtor) return tl::unexpected(debtor.error());
    const auto& d = **debtor;
    if (!d)
      return Outcome{
          PaymentStatus::kRejected,
          "AC01",
          {"the debtor account is not in the ledger", "maksātāja konta nav virsgrāmatā"}};
    if (auto refused = state_refusal(d->state, true)) return std::move(*refused);
    if (p.currency != d->currency && d->currency != "EUR") {
      return Outcome{PaymentStatus::kRejected,
                     "AM03",
                     {"the payment's currency cannot be debited from this account",
                      "maksājuma valūtu no šī konta nevar norakstīt"}};
    }
    const std::int64_t debit = p.currency == d->currency ? p.amount_minor : eur_debit(p);
    auto balance = balances_.get(p.debtor_iban);
    if (!balance) return tl::unexpected(balance.error());
    if (*balance < debit) {
      return Outcome{
          PaymentStatus::kRejected, "AM04", {"insufficient funds", "kontā nepietiek līdzekļu"}};
    }

    std::string target = clearing_account(p.currency);
    if (is_treasury_iban(p.creditor_iban)) {
      auto creditor = account(p.creditor_iban);
      if (!creditor) return tl::unexpected(creditor.error());
      const auto& c = **creditor;
      if (!c)
        return Outcome{PaymentStatus::kRejected,
                       "AC03",
                       {"the creditor's treasury account does not exist",
                        "saņēmēja Valsts kases konts neeksistē"}};
      if (auto refused = state_refusal(c->state, false)) return std::move(*refused);
      if (c->currency != p.currency) {
        return Outcome{
            PaymentStatus::kRejected,
            "AM03",
            {"the creditor account holds another currency", "saņēmēja konts ir citā valūtā"}};
      }
      target = p.creditor_iban;
    }

    const std::string& debit_ccy = d->currency;
    std::vector<store::JournalLine> lines;
    lines.push_back(
        {p.debtor_iban, debit_ccy, -debit, p.creditor_name, p.creditor_iban, p.remittance});
    if (debit_ccy != p.currency) {
      lines.push_back({"FX-" + debit_ccy, debit_ccy, debit, "", "", ""});
      lines.push_back({"FX-" + p.currency, p.currency, -p.amount_minor, "", "", ""});
    }
    lines.push_back(
        {target, p.currency, p.amount_minor, p.debtor_name, p.debtor_iban, p.remittance});
    auto entry =
        unit_.post(store::JournalEntry{day_, day_, "payment", p.payment_id, at_, std::move(lines)});
    if (!entry) return tl::unexpected(entry.error());
    balances_.move(p.debtor_iban, -debit);
    balances_.move(target, p.amount_minor);
    return Outcome{PaymentStatus::kSettled, "", {}};
  }

 private:
  Result<const std::optional<store::LedgerAccount>*> account(const std::string& iban) {
    auto found = accounts_.find(iban);
    if (found == accounts_.end()) {
      auto a = unit_.account(iban);
      if (!a) return tl::unexpected(a.error());
      found = accounts_.emplace(iban, *a).first;
    }
    return &found->second;
  }

  store::LedgerUnit& unit_;
  Balances balances_;
  std::map<std::string, std::optional<store::LedgerAccount>> accounts_;
  const std::string day_;
  const std::string at_;
};

// A block as this run went through it: the payments the ledger rejected,
// for the pain.002 (its status comes from the store: message_progress).
struct BlockTally {
  std::int64_t block_id = 0;
  std::vector<TransactionStatus> rejected;
};

}  // namespace

std::string clearing_account(const std::string& currency) { return "CLEARING-" + currency; }

bool is_treasury_iban(const std::string& iban) {
  return iban.size() > 8 && iban.compare(4, 4, "TREL") == 0;
}

Result<std::string> LedgerCore::business_date(std::chrono::system_clock::time_point now) const {
  auto clock = store_.clock();
  if (!clock) return tl::unexpected(clock.error());
  if (*clock) return **clock;
  return format_iso_date(riga_date(now));
}

Result<BusinessCalendar> LedgerCore::calendar() const {
  auto extra = store_.extra_closed_days();
  if (!extra) return tl::unexpected(extra.error());
  return BusinessCalendar::with_closed_days(*extra);
}

Result<std::string> LedgerCore::open_booking_date(std::chrono::system_clock::time_point now) const {
  auto day = business_date(now);
  if (!day) return tl::unexpected(day.error());
  auto cal = calendar();
  if (!cal) return tl::unexpected(cal.error());
  auto date = parse_iso_date(*day);
  if (!date) return fail(ErrorCode::kInternal, "the ledger clock holds a bad date: " + *day);
  // Days are closed one at a time (end of day), so a step or two finds one.
  CivilDate candidate = cal->on_or_after(*date);
  for (int step = 0; step < kMaxClosedAhead; ++step, candidate = cal->next(candidate)) {
    auto closed = store_.day_closed(format_iso_date(candidate));
    if (!closed) return tl::unexpected(closed.error());
    if (!*closed) return format_iso_date(candidate);
  }
  return fail(ErrorCode::kInternal,
              fmt::format("no open business day within {} after {}", kMaxClosedAhead, *day));
}

Result<LedgerRun> LedgerCore::run_due(std::chrono::system_clock::time_point now) const {
  auto day = business_date(now);
  if (!day) return tl::unexpected(day.error());
  auto cal = calendar();
  if (!cal) return tl::unexpected(cal.error());
  LedgerRun run;
  run.business_date = *day;
  const auto date = parse_iso_date(*day);
  if (!date) return fail(ErrorCode::kInternal, "the ledger clock holds a bad date: " + *day);
  run.business_day = cal->is_business_day(*date);
  if (!run.business_day) return run;
  const std::string at = format_utc_timestamp(now);

  // Messages one at a time, each in its own transaction.
  for (;;) {
    std::int64_t next = 0;
    LedgerRun tally;
    // The store may run this again after a conflict (PostgreSQL): the
    // tally starts afresh each time and counts once it committed.
    auto s = store_.run([&](store::LedgerUnit& unit) -> Status {
      tally = run;
      next = 0;
      // After end of day nothing more is booked on the day: checked in each
      // transaction, as end of day may come from another process meanwhile
      // (a statement written once the day closed is final).
      auto open = unit.hold_day_open(*day);
      if (!open) return tl::unexpected(open.error());
      if (!*open) return ok();
      auto due = unit.due_messages(*day);
      if (!due) return tl::unexpected(due.error());
      if (due->empty()) return ok();
      next = due->front();
      return execute_message(unit, next, *day, at, tally);
    });
    if (!s) return tl::unexpected(s.error());
    run = std::move(tally);
    if (next == 0) return run;
    ++run.messages;
  }
}

Status LedgerCore::execute_message(store::LedgerUnit& unit, std::int64_t message_id,
                                   const std::string& day, const std::string& at,
                                   LedgerRun& run) const {
  PaymentBooker booker(unit, day, at);
  std::vector<std::pair<std::string, BlockTally>> blocks;  // in file order
  std::int64_t user_number = 0;
  std::string msg_id;
  std::string message_type;
  std::int64_t first_payment = 0;
  std::int64_t booked = 0;
  std::int64_t rejected = 0;
  auto due_blocks = unit.due_blocks(message_id, day);
  if (!due_blocks) return tl::unexpected(due_blocks.error());
  for (const std::int64_t block_id : *due_blocks) {
    std::int64_t after = 0;  // position in the block
    for (;;) {
      auto chunk = unit.due_payments(block_id, after, kChunk);
      if (!chunk) return tl::unexpected(chunk.error());
      if (chunk->empty()) break;
      for (const auto& p : *chunk) {
        after = p.position;
        if (first_payment == 0) first_payment = p.payment_id;
        user_number = p.user_number;
        msg_id = p.msg_id;
        message_type = p.message_type;
        if (blocks.empty() || blocks.back().first != p.pmt_inf_id) {
          blocks.emplace_back(p.pmt_inf_id, BlockTally{block_id, {}});
        }
        auto outcome = booker.book(p);
        if (!outcome) return tl::unexpected(outcome.error());
        if (outcome->status == PaymentStatus::kSettled) {
          ++booked;
        } else {
          auto uetr = unit.payment_uetr(p.payment_id);
          if (!uetr) return tl::unexpected(uetr.error());
          blocks.back().second.rejected.push_back(
              TransactionStatus{p.instr_id,
                                p.end_to_end_id,
                                PaymentStatus::kRejected,
                                {StatusReason{outcome->reason, {outcome->text.in(p.language)}}},
                                std::move(*uetr)});
          ++rejected;
        }
        if (auto s = unit.settle(p, outcome->status, outcome->reason, at); !s) return s;
      }
    }
    if (auto s = unit.consume_block(block_id, at); !s) return s;
  }
  if (first_payment == 0) return ok();

  StatusReport report;
  report.version = iso20022::status_report_version_for(message_type);
  report.msg_id = fmt::format("GW{}-L{}", message_id, first_payment);
  report.created_at = at;
  report.original_msg_id = msg_id.empty() ? "NOTPROVIDED" : msg_id;
  report.original_message_type = message_type;
  // Statuses of whole blocks and of the whole group, counting the payments
  // rejected at acceptance and those of blocks due later: a group is ACSC
  // only when all of it is booked, and has no status until every block has
  // its final one (a block due tomorrow may still be rejected).
  auto progress = unit.message_progress(message_id);
  if (!progress) return tl::unexpected(progress.error());
  std::map<std::int64_t, store::BlockProgress> by_block;
  store::BlockProgress group;
  for (const auto& b : *progress) {
    by_block[b.block_id] = b;
    group.settled += b.settled;
    group.rejected += b.rejected;
    group.open += b.open;
  }
  const std::int64_t total = group.settled + group.rejected + group.open;
  report.original_transactions = std::to_string(total);
  report.group_status = std::nullopt;
  if (group.open == 0) {
    report.group_status = status_of_group(group.settled, total, PaymentStatus::kSettled);
  }
  for (auto& [pmt_inf_id, tally] : blocks) {
    const auto found = by_block.find(tally.block_id);
    if (found == by_block.end()) {
      return fail(ErrorCode::kInternal, fmt::format("block {} of message {} has no payments",
                                                    tally.block_id, message_id));
    }
    const store::BlockProgress& b = found->second;
    const PaymentStatus status =
        status_of_group(b.settled, b.settled + b.rejected + b.open, PaymentStatus::kSettled);
    report.blocks.push_back(BlockStatus{pmt_inf_id, status, {}, std::move(tally.rejected)});
  }
  const std::string xml = iso20022::write_pain002(report);
  if (auto s = validator_.check_outgoing(
          xml, report.version, fmt::format("the ledger's pain.002 for message {}", message_id));
      !s) {
    return s;
  }
  auto delivered = unit.deliver(user_number, report.version, message_id, xml, at);
  if (!delivered) return tl::unexpected(delivered.error());
  run.booked += booked;
  run.rejected += rejected;
  return ok();
}

Result<std::string> LedgerCore::end_of_day(const std::string& actor,
                                           std::chrono::system_clock::time_point now) const {
  auto day = business_date(now);
  if (!day) return tl::unexpected(day.error());
  if (auto s = store_.close_day(actor, *day, format_utc_timestamp(now)); !s) {
    return tl::unexpected(s.error());
  }
  auto clock = store_.clock();
  if (!clock) return tl::unexpected(clock.error());
  if (*clock) {
    auto cal = calendar();
    if (!cal) return tl::unexpected(cal.error());
    const auto next = cal->next(*parse_iso_date(*day));
    if (auto s = store_.set_clock(actor, format_iso_date(next)); !s) {
      return tl::unexpected(s.error());
    }
  }
  return *day;
}

}  // namespace gw::ledger
