// The acceptance decision without a database or sockets: PaymentDecider over
// an in-memory unit of work (what the store would record) and a real spool.
#include "acceptance/payment_decider.h"

#include <doctest/doctest.h>

#include <map>
#include <set>

#include "support/temp_dir.h"

using namespace gw;
using acceptance::PaymentDecider;

namespace {

// Records what the decider asks the store to do.
class MemoryUnit : public store::AcceptanceUnit {
 public:
  std::set<std::string> used_msg_ids;
  std::set<std::string> used_pmt_inf_ids;
  std::map<std::string, std::int64_t> usage;  // iban + day
  std::map<std::string, std::int64_t> rates;  // currency: units per EUR, millionths
  std::vector<store::NewPayment> payments;
  std::map<std::int64_t, std::pair<PaymentStatus, std::string>> settled;  // block: status, reason
  std::set<std::int64_t> held;                                            // blocks not queued
  std::vector<store::NewBlock> blocks;
  std::vector<std::string> closed;  // the operator's closing days

  Result<std::vector<std::string>> closed_days() override { return closed; }
  Result<std::int64_t> credential_version() override { return 0; }
  Result<bool> repeat_decided(const std::string&, const std::string&) override { return false; }
  Result<bool> msg_id_taken(const std::string& msg_id) override {
    return used_msg_ids.count(msg_id) > 0;
  }
  Result<bool> pmt_inf_id_taken(const std::string& id) override {
    return used_pmt_inf_ids.count(id) > 0;
  }
  Result<std::int64_t> daily_usage(const std::string& iban, const std::string& day) override {
    return usage[iban + " " + day];
  }
  Status add_daily_usage(const std::string& iban, const std::string& day,
                         std::int64_t eur_minor) override {
    usage[iban + " " + day] += eur_minor;
    return ok();
  }
  Result<std::optional<std::int64_t>> rate(const std::string& currency, const std::string&,
                                           int) override {
    auto found = rates.find(currency);
    if (found == rates.end()) return std::optional<std::int64_t>();
    return std::optional<std::int64_t>(found->second);
  }
  Result<std::int64_t> insert_message(const store::NewMessage&) override { return 1; }
  Result<std::int64_t> insert_block(const store::NewBlock& block) override {
    blocks.push_back(block);
    return ++blocks_;
  }
  Status insert_payment(store::NewPayment&& payment) override {
    payments.push_back(std::move(payment));
    return ok();
  }
  Status settle_block(std::int64_t block_id, PaymentStatus status, const std::string& reason,
                      const std::string&, bool hold) override {
    settled[block_id] = {status, reason};
    if (hold) held.insert(block_id);
    return ok();
  }
  Status queue_held_blocks(std::int64_t, const std::string&) override { return ok(); }
  Status await_authorisation(std::int64_t, int, const std::string&, const std::string&,
                             const std::string&) override {
    return ok();
  }
  Result<std::int64_t> deliver(const std::string&, std::int64_t, const std::string&,
                               const std::string&) override {
    return 1;
  }
  Status finish_message(std::int64_t, const store::MessageOutcome&) override { return ok(); }

 private:
  std::int64_t blocks_ = 0;
};

const std::string kDebtor = "LV06TREL1060000300001";
const std::string kViewOnly = "LV76TREL1060000300002";

acceptance::Uploader uploader() {
  policy::GrantedAccount manage;
  manage.iban = kDebtor;
  manage.currency = "EUR";
  manage.state = AccountState::kOpen;
  manage.mode = AccountMode::kManage;
  manage.single_limit_eur = 1000;
  manage.daily_limit_eur = 2500;
  policy::GrantedAccount view = manage;
  view.iban = kViewOnly;
  view.mode = AccountMode::kView;
  view.single_limit_eur.reset();
  view.daily_limit_eur.reset();
  acceptance::Uploader uploader;
  uploader.user_number = 7;
  uploader.accounts = {manage, view};
  return uploader;
}

rules::CapturedTransaction tx(std::string id, std::string amount, std::string currency = "EUR") {
  return rules::CapturedTransaction{id,
                                    id,
                                    std::move(amount),
                                    std::move(currency),
                                    "Creditor",
                                    "LV97HABA0012345678910",
                                    "HABALV22",
                                    "salary",
                                    ""};
}

// The decision over one file; its spool is written from `blocks`.
struct Run {
  TempDir dir{"gw-decider"};
  MemoryUnit unit;
  acceptance::Uploader user = uploader();
  acceptance::LimitChanges changes;
  AcceptanceConfig config;
  CutOffConfig cut_off;
  // Wednesday 2 December 2026, 12:00 Riga: before the 16:00 cut-off.
  std::chrono::system_clock::time_point now =
      std::chrono::sys_days{std::chrono::year{2026} / 12 / 2} + std::chrono::hours{10};
  iso20022::StatusReport answer;

  PaymentDecider decide(
      const std::vector<std::pair<rules::CapturedBlock, std::vector<rules::CapturedTransaction>>>&
          blocks,
      std::vector<rules::Finding>* file_findings = nullptr) {
    auto spool = acceptance::PaymentSpoolWriter::create(dir.path() / "payments");
    REQUIRE(spool.has_value());
    for (const auto& [block, transactions] : blocks) {
      spool->block(block);
      for (const auto& t : transactions) spool->transaction(t);
    }
    REQUIRE(spool->finish().has_value());
    PaymentDecider decider(unit, user, changes, config, cut_off, now);
    auto problems = decider.file_level("MSG-1", spool->blocks(), answer);
    REQUIRE(problems.has_value());
    if (file_findings != nullptr) *file_findings = *problems;
    if (problems->empty()) REQUIRE(decider.record(*spool, 1, answer).has_value());
    return decider;
  }
};

rules::CapturedBlock block(std::string id, std::string iban = kDebtor) {
  return rules::CapturedBlock{
      std::move(id), "2026-12-02", "Iestāde", std::move(iban), "", "", "", ""};
}

}  // namespace

TEST_CASE("decider: payments within the limits are accepted, and the daily usage recorded") {
  Run run;
  auto decider = run.decide({{block("B1"), {tx("T1", "999.99"), tx("T2", "1000.00")}}});
  CHECK(decider.group_status() == PaymentStatus::kAcceptedTechnical);
  CHECK(decider.transactions() == 2);
  CHECK(decider.accepted_eur_minor() == 199'999);
  REQUIRE(run.unit.payments.size() == 2);
  CHECK(run.unit.payments[0].amount_minor == 99'999);
  CHECK(run.unit.payments[0].status == PaymentStatus::kAcceptedTechnical);
  CHECK(run.unit.payments[1].position == 2);
  CHECK(run.unit.settled[1].first == PaymentStatus::kAcceptedTechnical);
  CHECK(run.unit.usage[kDebtor + " 2026-12-02"] == 199'999);
}

TEST_CASE("decider: one payment above the single limit is rejected AM02, the rest go (PART)") {
  Run run;
  auto decider = run.decide({{block("B1"), {tx("T1", "1000.01"), tx("T2", "10.00")}}});
  CHECK(decider.group_status() == PaymentStatus::kPartlyAccepted);
  CHECK(run.unit.payments[0].status == PaymentStatus::kRejected);
  CHECK(run.unit.payments[0].reason == "AM02");
  CHECK(run.unit.payments[1].status == PaymentStatus::kAcceptedTechnical);
  REQUIRE(run.answer.blocks.size() == 1);
  CHECK(run.answer.blocks[0].status == PaymentStatus::kPartlyAccepted);
  REQUIRE(run.answer.blocks[0].transactions.size() == 1);
  CHECK(run.answer.blocks[0].transactions[0].instr_id == "T1");
  CHECK(run.unit.usage[kDebtor + " 2026-12-02"] == 1'000);
}

TEST_CASE("decider: a block past the daily limit is rejected whole (AM14), not cut to fit") {
  Run run;
  run.unit.usage[kDebtor + " 2026-12-02"] = 200'000;  // EUR 2,000 used today
  auto decider = run.decide({{block("B1"), {tx("T1", "300.00"), tx("T2", "300.00")}},
                             {block("B2"), {tx("T3", "500.00")}}});
  // B1 (600) would make 2,600 > 2,500; B2 (500) makes exactly 2,500.
  REQUIRE(run.answer.blocks.size() == 2);
  CHECK(run.answer.blocks[0].status == PaymentStatus::kRejected);
  REQUIRE(run.answer.blocks[0].reasons.size() == 1);
  CHECK(run.answer.blocks[0].reasons[0].code == "AM14");
  CHECK(run.unit.settled[1] ==
        std::pair<PaymentStatus, std::string>{PaymentStatus::kRejected, "AM14"});
  CHECK(run.answer.blocks[1].status == PaymentStatus::kAcceptedTechnical);
  CHECK(decider.group_status() == PaymentStatus::kPartlyAccepted);
  CHECK(decider.accepted() == 1);
  CHECK(run.unit.usage[kDebtor + " 2026-12-02"] == 250'000);
}

TEST_CASE("decider: a one-day limit change replaces the application's limits") {
  Run run;
  run.changes.emplace(kDebtor, policy::LimitChange{5000, 10000});
  auto decider = run.decide({{block("B1"), {tx("T1", "4000.00")}}});
  CHECK(decider.group_status() == PaymentStatus::kAcceptedTechnical);
}

TEST_CASE("decider: a foreign currency needs a rate (CURR), its EUR equivalent rounded up") {
  Run run;
  run.unit.rates["USD"] = 1'050'000;  // 1.05 USD per EUR
  auto decider = run.decide({{block("B1"), {tx("T1", "1.00", "USD"), tx("T2", "5.00", "SEK")}}});
  REQUIRE(run.unit.payments.size() == 2);
  CHECK(run.unit.payments[0].status == PaymentStatus::kAcceptedTechnical);
  CHECK(run.unit.payments[0].eur_minor == 96);  // 0.952… EUR, rounded up
  CHECK(run.unit.payments[1].status == PaymentStatus::kRejected);
  CHECK(run.unit.payments[1].reason == "CURR");
  CHECK(decider.group_status() == PaymentStatus::kPartlyAccepted);
}

TEST_CASE("decider: the single limit applies to the EUR equivalent") {
  Run run;
  run.unit.rates["USD"] = 1'000'000;
  run.decide({{block("B1"), {tx("T1", "1000.01", "USD")}}});
  CHECK(run.unit.payments[0].reason == "AM02");
}

TEST_CASE("decider: file-level refusals reject the whole file") {
  SUBCASE("a MsgId used before: DU01") {
    Run run;
    run.unit.used_msg_ids.insert("MSG-1");
    std::vector<rules::Finding> findings;
    run.decide({{block("B1"), {tx("T1", "1.00")}}}, &findings);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].reason_code == "DU01");
  }
  SUBCASE("a PmtInfId used before: DU02, named on its block") {
    Run run;
    run.unit.used_pmt_inf_ids.insert("B2");
    std::vector<rules::Finding> findings;
    run.decide({{block("B1"), {tx("T1", "1.00")}}, {block("B2"), {tx("T2", "1.00")}}}, &findings);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].reason_code == "DU02");
    CHECK(findings[0].pmt_inf_id == "B2");
    REQUIRE(run.answer.blocks.size() == 1);
    CHECK(run.answer.blocks[0].pmt_inf_id == "B2");
  }
  SUBCASE("a view-only account and one not in the application: AG01 on each block") {
    Run run;
    std::vector<rules::Finding> findings;
    run.decide({{block("B1", kViewOnly), {tx("T1", "1.00")}},
                {block("B2", "LV10TREL1060000300099"), {tx("T2", "1.00")}}},
               &findings);
    REQUIRE(findings.size() == 2);
    CHECK(findings[0].reason_code == "AG01");
    CHECK(findings[1].reason_code == "AG01");
    CHECK(run.answer.blocks.size() == 2);
  }
}

TEST_CASE(
    "decider: a block after the cut-off of its date moves to the next business day, or is TM01") {
  Run moved;
  moved.now += std::chrono::hours{5};  // 17:00 Riga
  moved.decide({{block("B1"), {tx("E1", "100.00")}}});
  REQUIRE(moved.unit.blocks.size() == 1);
  CHECK(moved.unit.blocks[0].requested_execution_date == "2026-12-02");
  CHECK(moved.unit.blocks[0].execution_date == "2026-12-03");
  CHECK(moved.unit.settled[1].first == PaymentStatus::kAcceptedTechnical);

  Run urgent;  // URGP: its own, later cut-off (16:45) still makes today at 16:30
  urgent.now += std::chrono::minutes{270};
  auto b = block("B1");
  b.service_level = "URGP";
  urgent.decide({{b, {tx("E1", "100.00")}}});
  CHECK(urgent.unit.blocks[0].service_level == "URGP");
  CHECK(urgent.unit.blocks[0].execution_date.empty());

  Run refused;
  refused.cut_off.next_business_day = false;
  refused.now += std::chrono::hours{5};
  auto decider = refused.decide({{block("B1"), {tx("E1", "100.00")}}});
  CHECK(refused.unit.settled[1].first == PaymentStatus::kRejected);
  CHECK(refused.unit.settled[1].second == "TM01");
  CHECK(decider.accepted() == 0);
  REQUIRE(refused.answer.blocks.size() == 1);
  CHECK(refused.answer.blocks[0].reasons[0].code == "TM01");
  CHECK(refused.unit.usage.empty());  // no limit taken for a refused block
}

TEST_CASE("decider: the operator's closing days count as the ledger counts them") {
  Run closed;  // 2 December declared closed (gatewayctl ledger close-date): 3 December, any hour
  closed.unit.closed = {"2026-12-02"};
  closed.decide({{block("B1"), {tx("E1", "100.00")}}});
  REQUIRE(closed.unit.blocks.size() == 1);
  CHECK(closed.unit.blocks[0].execution_date == "2026-12-03");

  Run both;  // after the cut-off, with 3 December closed too: Friday 4 December
  both.unit.closed = {"2026-12-03"};
  both.now += std::chrono::hours{5};
  both.decide({{block("B1"), {tx("E1", "100.00")}}});
  CHECK(both.unit.blocks[0].execution_date == "2026-12-04");

  Run weekend_like;  // a closed requested day is like a weekend: even without moving, the next
  weekend_like.unit.closed = {"2026-12-02"};
  weekend_like.cut_off.next_business_day = false;
  weekend_like.now += std::chrono::hours{5};
  weekend_like.decide({{block("B1"), {tx("E1", "100.00")}}});
  CHECK(weekend_like.unit.blocks[0].execution_date == "2026-12-03");
  CHECK(weekend_like.unit.settled[1].first == PaymentStatus::kAcceptedTechnical);
}

namespace {

const std::string kSigned = "LV33TREL1060000300000";

// A second managed account that needs two signatures, and its signers.
void add_signed_account(Run& run) {
  policy::GrantedAccount second = run.user.accounts[0];
  second.iban = kSigned;
  second.signatures_required = 2;
  run.user.accounts.push_back(second);
  run.user.payment_signers = {{"Anna", "320000-00011", {{kSigned, 1}}},
                              {"Jānis", "320000-00022", {{kSigned, 2}}}};
}

}  // namespace

TEST_CASE("decider: a file is held for what it accepted, and only when the signers can sign it") {
  // The block that needs signatures is rejected AM14: what is accepted needs none.
  Run run;
  add_signed_account(run);
  auto decider = run.decide(
      {{block("B1", kDebtor), {tx("T1", "100.00")}},
       {block("B2", kSigned), {tx("T2", "900.00"), tx("T3", "900.00"), tx("T4", "900.00")}}});
  CHECK(decider.signatures_required() == 2);
  CHECK(run.unit.held.size() == 2);  // both settled held, as the file might have needed it
  CHECK(run.unit.settled[2].second == "AM14");
  CHECK(decider.accepted_signatures_required() == 0);  // the acceptance queues them after all

  Run held;
  add_signed_account(held);
  auto waiting = held.decide({{block("B2", kSigned), {tx("T2", "100.00")}}});
  CHECK(waiting.accepted_signatures_required() == 2);
  CHECK(waiting.signing_deadline().has_value());

  // Nobody holds rights on both accounts, each needing signatures: refused at once (DS0H).
  Run nobody;
  add_signed_account(nobody);
  nobody.user.accounts[0].signatures_required = 1;  // kDebtor: no signer listed for it
  std::vector<rules::Finding> findings;
  nobody.decide(
      {{block("B1", kDebtor), {tx("T1", "1.00")}}, {block("B2", kSigned), {tx("T2", "1.00")}}},
      &findings);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].reason_code == "DS0H");
}
