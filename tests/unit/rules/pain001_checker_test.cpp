#include "rules/pain001_checker.h"

#include <doctest/doctest.h>

using namespace gw;
using namespace gw::rules;
using F = Pain001Field;

namespace {

struct Run {
  rules::ValidationReport report;
  rules::FindingList findings{report, 100};
  std::vector<std::string> segments{"Document"};
  Pain001Checker checker{{std::chrono::year{2026} / 11 / 23, 30}, findings};

  Position at(std::uint64_t line) { return {line, 1, &segments}; }
  void set(F f, std::string_view v, std::string_view ccy = "") { checker.field(f, v, ccy, at(1)); }
  void tx(std::string_view e2e, std::string_view amount, std::string_view ccy = "EUR") {
    checker.open_transaction();
    set(F::kEndToEndId, e2e);
    set(F::kInstructedAmount, amount, ccy);
    checker.close_transaction();
  }
  std::vector<std::string> codes() const {
    std::vector<std::string> out;
    for (const auto& f : report.findings) out.push_back(f.reason_code);
    return out;
  }
};

// A well-formed file: one block of two payments.
void good_file(Run& r, std::string_view group_sum = "15.50", std::string_view block_sum = "15.50") {
  r.set(F::kMsgId, "MSG-1");
  r.set(F::kGroupNbOfTxs, "2");
  r.set(F::kGroupCtrlSum, group_sum);
  r.checker.open_block();
  r.set(F::kPmtInfId, "B-1");
  r.set(F::kBlockNbOfTxs, "2");
  r.set(F::kBlockCtrlSum, block_sum);
  r.set(F::kRequestedExecutionDate, "2026-11-24");
  r.set(F::kDebtorIban, "LV33TREL1060000300000");
  r.tx("E-1", "10.00");
  r.tx("E-2", "5.5");
  r.checker.close_block(r.at(9));
}

}  // namespace

TEST_CASE("a consistent file has no findings") {
  Run r;
  good_file(r);
  r.checker.finish(r.at(10));
  CHECK(r.report.findings.empty());
  CHECK(r.checker.transactions() == 2);
  CHECK(r.checker.blocks() == 1);
}

TEST_CASE("control sums that differ from the amounts are AM10 at their level") {
  Run r;
  good_file(r, "15.51", "15.49");
  r.checker.finish(r.at(10));
  CHECK(r.codes() == std::vector<std::string>{"AM10", "AM10"});
  CHECK(r.report.findings[0].pmt_inf_id == "B-1");
  CHECK(r.report.findings[0].text.find("15.50") != std::string::npos);
  CHECK(r.report.findings[1].msg_id == "MSG-1");
}

TEST_CASE("a transaction count that differs is AM18") {
  Run r;
  r.set(F::kGroupNbOfTxs, "3");
  r.checker.open_block();
  r.tx("E-1", "1");
  r.checker.close_block(r.at(2));
  r.checker.finish(r.at(3));
  CHECK(r.codes() == std::vector<std::string>{"AM18"});
}

TEST_CASE("a transaction count with leading zeros is the number it writes") {
  // Max15NumericText allows them; compared as text, "02" was AM18 before.
  Run r;
  r.set(F::kGroupNbOfTxs, "002");
  r.checker.open_block();
  r.set(F::kBlockNbOfTxs, "02");
  r.tx("E-1", "1");
  r.tx("E-2", "1");
  r.checker.close_block(r.at(2));
  r.checker.finish(r.at(3));
  CHECK(r.report.findings.empty());
  Run wrong;
  wrong.set(F::kGroupNbOfTxs, "0003");
  wrong.checker.open_block();
  wrong.tx("E-1", "1");
  wrong.checker.close_block(wrong.at(2));
  wrong.checker.finish(wrong.at(3));
  CHECK(wrong.codes() == std::vector<std::string>{"AM18"});
}

TEST_CASE("amounts: zero AM01, too many decimals AM12, foreign currency AM03") {
  Run r;
  r.checker.open_block();
  r.tx("E-1", "0.00");
  r.tx("E-2", "1.001");
  r.tx("E-3", "5", "JPY");
  r.checker.close_block(r.at(2));
  CHECK(r.codes() == std::vector<std::string>{"AM01", "AM12", "AM03"});
  CHECK(r.report.findings[1].end_to_end_id == "E-2");
}

TEST_CASE("IBANs and BICs are checked") {
  Run r;
  r.set(F::kDebtorIban, "LV91TREL1060000100000");
  r.set(F::kCreditorIban, "LV12TEST000000000001");
  r.set(F::kAgentBic, "TRELLV22");
  r.set(F::kAgentBic, "trellv22");
  r.set(F::kAgentBic, "TRELXX22");  // XX is no country (core/bic.h)
  CHECK(r.codes() == std::vector<std::string>{"AC01", "AC01", "RC01", "RC01"});
}

TEST_CASE("execution dates in the past are CH04, beyond the horizon CH03") {
  Run r;
  r.set(F::kRequestedExecutionDate, "2026-11-22");
  r.set(F::kRequestedExecutionDate, "2026-11-23");
  r.set(F::kRequestedExecutionDate, "2026-12-23");
  r.set(F::kRequestedExecutionDate, "2026-12-24");
  CHECK(r.codes() == std::vector<std::string>{"CH04", "CH03"});
}

TEST_CASE("duplicate ids inside one file: DU02 blocks, DU05 instructions, DU04 end-to-end") {
  Run r;
  r.checker.open_block();
  r.set(F::kPmtInfId, "B-1");
  r.checker.open_transaction();
  r.set(F::kInstrId, "I-1");
  r.set(F::kEndToEndId, "E-1");
  r.checker.close_transaction();
  r.checker.open_transaction();
  r.set(F::kInstrId, "I-1");
  r.set(F::kEndToEndId, "E-1");
  r.checker.close_transaction();
  r.checker.close_block(r.at(2));
  r.checker.open_block();
  r.set(F::kPmtInfId, "B-1");
  CHECK(r.codes() == std::vector<std::string>{"DU05", "DU04", "DU02"});
}

TEST_CASE("the findings cap bounds memory and says so") {
  rules::ValidationReport report;
  rules::FindingList findings(report, 2);
  Pain001Checker checker({std::chrono::year{2026} / 11 / 23, 30}, findings);
  std::vector<std::string> segments;
  for (int i = 0; i < 10; ++i) checker.field(F::kAgentBic, "bad", "", {1, 1, &segments});
  CHECK(report.findings.size() == 2);
  CHECK(report.findings_truncated);
}

TEST_CASE("a finding's path cuts an element name no ISO message has") {
  // An attacker's 64 KiB names, 32 deep, were copied into each of 1 000
  // findings' path and texts.
  const std::vector<std::string> segments{"Document", std::string(65000, 'N'), "c"};
  const rules::Position at{1, 1, &segments};
  CHECK(at.path() == "/Document/" + std::string(64, 'N') + ".../c");
}
