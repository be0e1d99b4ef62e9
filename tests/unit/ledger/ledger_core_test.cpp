// The reference ledger's execution rules without a database: LedgerCore over
// an in-memory ledger store (accounts, balances, a queue of due payments,
// what was posted, settled and delivered).
#include "ledger/ledger_core.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <map>

#include "xml/schema_set.h"
#include "xml/xerces_runtime.h"

using namespace gw;

namespace {

class MemoryLedger : public store::LedgerStore, public store::LedgerUnit {
 public:
  std::map<std::string, store::LedgerAccount> accounts;
  std::map<std::string, std::int64_t> balances;
  std::vector<store::DuePayment> queue;  // one message, one block
  std::vector<store::JournalEntry> journal;
  std::map<std::int64_t, std::pair<PaymentStatus, std::string>> settled;  // payment: status, reason
  std::map<std::int64_t, std::string> uetrs;                              // payment: its UETR
  std::vector<std::string> delivered;                                     // pain.002s
  bool block_consumed = false;
  // The message beyond the queued block: its payments refused at
  // acceptance, and a second block due later (its payments still waiting).
  std::int64_t rejected_at_acceptance = 0;
  std::int64_t waiting_in_later_block = 0;
  std::optional<std::string> business_clock;
  std::vector<std::string> closed_days;  // declared closed in advance (holidays)
  std::vector<std::string> ended_days;   // closed by end of day

  // LedgerStore
  Status run(const std::function<Status(store::LedgerUnit&)>& work) override { return work(*this); }
  Result<std::optional<std::string>> clock() override { return business_clock; }
  Result<store::QueueState> queue_state() override {
    return store::QueueState{block_consumed ? 0 : 1, std::nullopt};
  }
  Status set_clock(const std::string&, const std::string& day) override {
    business_clock = day;
    return ok();
  }
  Result<std::vector<std::string>> extra_closed_days() override { return closed_days; }
  Status add_closed_day(const std::string&, const std::string& day, const std::string&) override {
    closed_days.push_back(day);
    return ok();
  }
  Status close_day(const std::string&, const std::string& day, const std::string&) override {
    ended_days.push_back(day);
    return ok();
  }
  Result<bool> day_closed(const std::string& day) override {
    return std::find(ended_days.begin(), ended_days.end(), day) != ended_days.end();
  }
  Result<bool> hold_day_open(const std::string& day) override { return !*day_closed(day); }
  Status fund(const std::string&, const std::string& iban, std::int64_t amount, const std::string&,
              const std::string&) override {
    balances[iban] += amount;
    return ok();
  }
  Result<std::optional<store::LedgerAccount>> account(const std::string& iban) override {
    auto found = accounts.find(iban);
    if (found == accounts.end()) return std::optional<store::LedgerAccount>();
    return std::optional<store::LedgerAccount>(found->second);
  }
  Result<std::vector<std::int64_t>> unbalanced_entries() override {
    return std::vector<std::int64_t>{};
  }
  Result<std::vector<std::string>> disagreeing_totals() override {
    return std::vector<std::string>{};
  }
  Result<std::int64_t> balance(const std::string& account) override { return balances[account]; }
  Result<DayFigures> day_figures(const std::string& account, const std::string&) override {
    return DayFigures{balances[account], {}};
  }
  Status read_day(const std::string& account, const std::string& day,
                  const std::function<Status(const DayFigures&)>& head,
                  const std::function<bool(const store::StatementLine&)>&) override {
    auto figures = day_figures(account, day);
    if (!figures) return tl::unexpected(figures.error());
    return head(*figures);
  }
  Status lines_page(const std::string&, const std::string&, std::int64_t, int,
                    const std::function<bool(const store::StatementLine&)>&) override {
    return ok();
  }
  Status lines_between(const std::string&, std::int64_t, std::int64_t,
                       const std::function<bool(const store::StatementLine&)>&) override {
    return ok();
  }
  Result<std::vector<store::NotificationDue>> notifications_due(const std::string&) override {
    return std::vector<store::NotificationDue>{};
  }

  // LedgerUnit
  Result<std::vector<std::int64_t>> due_messages(const std::string&) override {
    if (block_consumed || queue.empty()) return std::vector<std::int64_t>{};
    return std::vector<std::int64_t>{queue.front().message_id};
  }
  Result<std::vector<std::int64_t>> due_blocks(std::int64_t, const std::string&) override {
    return std::vector<std::int64_t>{1};
  }
  Result<std::vector<store::DuePayment>> due_payments(std::int64_t, std::int64_t after,
                                                      int limit) override {
    std::vector<store::DuePayment> out;
    for (const auto& p : queue) {
      if (p.position > after && static_cast<int>(out.size()) < limit &&
          settled.count(p.payment_id) == 0) {
        out.push_back(p);
      }
    }
    return out;
  }
  Result<std::int64_t> post(const store::JournalEntry& entry) override {
    std::map<std::string, std::int64_t> per_currency;
    for (const auto& line : entry.lines) per_currency[line.currency] += line.amount_minor;
    for (const auto& [currency, sum] : per_currency) {
      if (sum != 0) return fail(ErrorCode::kInternal, "unbalanced entry in " + currency);
    }
    for (const auto& line : entry.lines) balances[line.account] += line.amount_minor;
    journal.push_back(entry);
    return static_cast<std::int64_t>(journal.size());
  }
  Result<std::string> payment_uetr(std::int64_t payment_id) override {
    const auto found = uetrs.find(payment_id);
    return found == uetrs.end() ? std::string() : found->second;
  }
  Status settle(const store::DuePayment& payment, PaymentStatus status, const std::string& reason,
                const std::string&) override {
    if (!settled.emplace(payment.payment_id, std::make_pair(status, reason)).second) {
      return fail(ErrorCode::kInternal, "settled twice");
    }
    return ok();
  }
  Status consume_block(std::int64_t, const std::string&) override {
    block_consumed = true;
    return ok();
  }
  Result<std::vector<store::BlockProgress>> message_progress(std::int64_t) override {
    store::BlockProgress block{1, 0, rejected_at_acceptance, 0};
    for (const auto& p : queue) {
      const auto s = settled.find(p.payment_id);
      if (s == settled.end()) {
        ++block.open;
      } else if (s->second.first == PaymentStatus::kSettled) {
        ++block.settled;
      } else {
        ++block.rejected;
      }
    }
    std::vector<store::BlockProgress> blocks{block};
    if (waiting_in_later_block > 0) blocks.push_back({2, 0, 0, waiting_in_later_block});
    return blocks;
  }
  Result<std::int64_t> deliver(std::int64_t, const std::string&, std::int64_t,
                               const std::string& content, const std::string&) override {
    delivered.push_back(content);
    return static_cast<std::int64_t>(delivered.size());
  }
};

const std::string kDebtor = "LV06TREL1060000300001";
const std::string kTreasuryCreditor = "LV76TREL1060000300002";
const std::string kOtherBank = "LV97HABA0012345678910";

store::DuePayment due(std::int64_t id, std::string creditor, std::int64_t amount) {
  store::DuePayment p;
  p.payment_id = id;
  p.position = id;
  p.message_id = 9;
  p.user_number = 7;
  p.msg_id = "MSG-9";
  p.message_type = "pain.001.001.03";
  p.pmt_inf_id = "B1";
  p.instr_id = "I" + std::to_string(id);
  p.end_to_end_id = "E" + std::to_string(id);
  p.amount_minor = amount;
  p.currency = "EUR";
  p.eur_minor = amount;
  p.debtor_iban = kDebtor;
  p.debtor_name = "Iestāde";
  p.creditor_iban = std::move(creditor);
  p.creditor_name = "Saņēmējs";
  p.remittance = "R";
  p.requested_execution_date = "2026-12-02";
  return p;
}

struct Ledger {
  xml::XercesRuntime xerces;
  std::unique_ptr<xml::SchemaSet> schemas = xml::SchemaSet::load(xml::builtin_schemas()).value();
  iso20022::MessageValidator validator{*schemas, {}};
  MemoryLedger store;
  ledger::LedgerCore core{store, validator};

  Ledger() {
    store.accounts[kDebtor] = {"EUR", AccountState::kOpen};
    store.accounts[kTreasuryCreditor] = {"EUR", AccountState::kOpen};
    store.balances[kDebtor] = 10'000;
    store.business_clock = "2026-12-02";  // a Wednesday
  }
};

}  // namespace

TEST_CASE("ledger: due payments are booked in order until the money runs out (AM04)") {
  Ledger l;
  l.store.queue = {due(1, kTreasuryCreditor, 6'000), due(2, kOtherBank, 3'000),
                   due(3, kOtherBank, 2'000)};
  auto run = l.core.run_due(std::chrono::system_clock::now());
  REQUIRE(run.has_value());
  CHECK(run->business_day);
  CHECK(run->booked == 2);
  CHECK(run->rejected == 1);
  CHECK(l.store.settled[1].first == PaymentStatus::kSettled);
  CHECK(l.store.settled[2].first == PaymentStatus::kSettled);
  CHECK(l.store.settled[3] == std::make_pair(PaymentStatus::kRejected, std::string("AM04")));
  // A treasury creditor is credited directly; another bank's through clearing.
  CHECK(l.store.balances[kDebtor] == 1'000);
  CHECK(l.store.balances[kTreasuryCreditor] == 6'000);
  CHECK(l.store.balances[ledger::clearing_account("EUR")] == 3'000);
  CHECK(l.store.journal.size() == 2);
  CHECK(l.store.block_consumed);
  // One pain.002 (PART), valid against our schema (LedgerCore checks it before delivering).
  REQUIRE(l.store.delivered.size() == 1);
  CHECK(l.store.delivered[0].find("<GrpSts>PART</GrpSts>") != std::string::npos);
  CHECK(l.store.delivered[0].find("<Cd>AM04</Cd>") != std::string::npos);
}

TEST_CASE("ledger: the pain.002 counts what acceptance refused and gives no group status early") {
  // All of the due block booked, one payment of it refused at acceptance:
  // the block and the group are PART, not ACSC.
  Ledger l;
  l.store.queue = {due(1, kTreasuryCreditor, 1'000), due(2, kOtherBank, 2'000)};
  l.store.rejected_at_acceptance = 1;
  REQUIRE(l.core.run_due(std::chrono::system_clock::now()).has_value());
  REQUIRE(l.store.delivered.size() == 1);
  CHECK(l.store.delivered[0].find("<OrgnlNbOfTxs>3</OrgnlNbOfTxs>") != std::string::npos);
  CHECK(l.store.delivered[0].find("<GrpSts>PART</GrpSts>") != std::string::npos);
  CHECK(l.store.delivered[0].find("<PmtInfSts>PART</PmtInfSts>") != std::string::npos);
  CHECK(l.store.delivered[0].find("ACSC") == std::string::npos);

  // Booked whole, but another block of the file is due later: the block is
  // ACSC, and the group has no status yet (it may still be rejected).
  Ledger later;
  later.store.queue = {due(1, kTreasuryCreditor, 1'000)};
  later.store.waiting_in_later_block = 4;
  REQUIRE(later.core.run_due(std::chrono::system_clock::now()).has_value());
  REQUIRE(later.store.delivered.size() == 1);
  CHECK(later.store.delivered[0].find("<OrgnlNbOfTxs>5</OrgnlNbOfTxs>") != std::string::npos);
  CHECK(later.store.delivered[0].find("<GrpSts>") == std::string::npos);
  CHECK(later.store.delivered[0].find("<PmtInfSts>ACSC</PmtInfSts>") != std::string::npos);
}

TEST_CASE("ledger: a closed creditor account (AC04) and an unknown treasury one (AC03) refuse") {
  Ledger l;
  l.store.accounts[kTreasuryCreditor].state = AccountState::kClosed;
  l.store.queue = {due(1, kTreasuryCreditor, 100), due(2, "LV10TREL1060000300099", 100)};
  auto run = l.core.run_due(std::chrono::system_clock::now());
  REQUIRE(run.has_value());
  CHECK(l.store.settled[1].second == "AC04");
  CHECK(l.store.settled[2].second == "AC03");
  CHECK(l.store.balances[kDebtor] == 10'000);
  REQUIRE(l.store.delivered.size() == 1);
  CHECK(l.store.delivered[0].find("<GrpSts>RJCT</GrpSts>") != std::string::npos);
}

TEST_CASE("ledger: nothing is booked on a weekend or a closed day") {
  Ledger l;
  l.store.queue = {due(1, kOtherBank, 100)};
  l.store.business_clock = "2026-12-05";  // a Saturday
  auto saturday = l.core.run_due(std::chrono::system_clock::now());
  REQUIRE(saturday.has_value());
  CHECK_FALSE(saturday->business_day);
  CHECK(l.store.settled.empty());
  l.store.business_clock = "2026-12-07";
  l.store.closed_days = {"2026-12-07"};
  auto closed = l.core.run_due(std::chrono::system_clock::now());
  REQUIRE(closed.has_value());
  CHECK_FALSE(closed->business_day);
  CHECK(l.store.settled.empty());
}

TEST_CASE("ledger: funding lands on the next open business day, never on a closed one") {
  Ledger l;
  const auto now = std::chrono::system_clock::now();
  CHECK(l.core.open_booking_date(now).value() == "2026-12-02");  // Wednesday, open
  l.store.ended_days = {"2026-12-02"};
  CHECK(l.core.open_booking_date(now).value() == "2026-12-03");  // its statement is final
  l.store.business_clock = "2026-12-05";                         // a Saturday
  CHECK(l.core.open_booking_date(now).value() == "2026-12-07");
  l.store.ended_days.push_back("2026-12-07");
  l.store.closed_days = {"2026-12-08"};  // declared closed
  CHECK(l.core.open_booking_date(now).value() == "2026-12-09");
}

TEST_CASE("ledger: end of day moves the operator's clock to the next business day") {
  Ledger l;
  l.store.business_clock = "2026-12-04";  // a Friday
  auto closed = l.core.end_of_day("op", std::chrono::system_clock::now());
  REQUIRE(closed.has_value());
  CHECK(*closed == "2026-12-04");
  CHECK(l.store.business_clock == "2026-12-07");
}
