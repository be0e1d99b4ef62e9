// The treasury guideline rules for pain.001 that the schema cannot express,
// checked while the file streams past (no document is ever held): IBAN check
// digits and lengths, BIC format, control sums and transaction counts at group
// and block level, amounts (positive, currency exponent, treasury currency),
// the requested execution date window (Europe/Riga) and duplicate ids.
// Money is integer minor units. Not thread-safe: one checker per file.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "calendar/riga_time.h"
#include "rules/finding_list.h"
#include "rules/message_rules.h"
#include "rules/pain001_tally.h"

namespace gw::rules {

enum class Pain001Field {
  kMsgId,
  kGroupNbOfTxs,
  kGroupCtrlSum,
  kPmtInfId,
  kBlockNbOfTxs,
  kBlockCtrlSum,
  kRequestedExecutionDate,
  kDebtorIban,
  kCreditorIban,
  kAgentBic,
  kInstrId,
  kEndToEndId,
  kInstructedAmount,
};

struct Pain001RuleSettings {
  CivilDate today;                   // Riga date the file is checked on
  int execution_horizon_days = 365;  // latest accepted execution date, counted from today
  // One chunk of a larger file: totals are only tallied (take_tally) and
  // checked across the chunks by join_tallies, not reported here.
  bool chunk = false;
};

class Pain001Checker {
 public:
  // `findings` must outlive the checker.
  Pain001Checker(const Pain001RuleSettings& settings, FindingList& findings)
      : settings_(settings), findings_(findings) {}

  // A leaf value. `currency` is the Ccy attribute of an amount, else empty.
  void field(Pain001Field f, std::string_view value, std::string_view currency, const Position& at);
  void open_block();
  void close_block(const Position& at);
  void open_transaction();
  void close_transaction();
  // End of document: group-level totals.
  void finish(const Position& at);

  std::uint64_t blocks() const { return blocks_; }
  std::uint64_t transactions() const { return tally_.group.count; }
  // GrpHdr/NbOfTxs as the file writes it (empty: not read).
  const std::string& declared_transactions() const { return tally_.group.declared_count; }
  const std::string& msg_id() const { return tally_.msg_id; }
  // What was counted and seen (the checker is spent afterwards).
  Pain001Tally take_tally() { return std::move(tally_); }

 private:
  // A Position copied for a check made later (its segments change meanwhile).
  struct Saved {
    std::uint64_t line = 0;
    std::uint64_t column = 0;
    std::string path;
  };
  static Saved save(const Position& at) { return {at.line, at.column, at.path()}; }

  // Where a group's or block's declared totals were read.
  struct DeclaredAt {
    Saved count;
    Saved sum;
  };

  void report(std::string_view code, const Position& at, Sentence text);
  void report(std::string_view code, const Saved& at, Sentence text);
  void check_totals(const Pain001Totals& totals, const DeclaredAt& at, std::string_view level);
  void check_amount(std::string_view value, std::string_view currency, const Position& at);
  void check_date(std::string_view value, const Position& at);
  void check_unique(IdSet& seen, std::string_view value, std::string_view code,
                    std::string_view what, const Position& at);

  Pain001RuleSettings settings_;
  FindingList& findings_;
  Pain001Tally tally_;  // group totals, msg id and the id sets
  Pain001Totals block_;
  DeclaredAt group_at_;
  DeclaredAt block_at_;
  std::uint64_t blocks_ = 0;
  std::string pmt_inf_id_;
  std::string instr_id_;
  std::string end_to_end_id_;
};

}  // namespace gw::rules
