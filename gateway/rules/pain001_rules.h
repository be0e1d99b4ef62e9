// MessageRules for pain.001 (.001.03 and .001.09): maps the streamed elements
// onto Pain001Checker fields. The two versions differ where it matters here
// only in names: BIC/BICFI and ReqdExctnDt being a date or a Dt/DtTm choice.
#pragma once

#include <optional>

#include "core/remittance.h"
#include "rules/element_capture.h"
#include "rules/message_rules.h"
#include "rules/pain001_checker.h"
#include "rules/payment_sink.h"

namespace gw::rules {

class Pain001Rules : public MessageRules {
 public:
  // `sink`, when given, receives every block and transaction (see payment_sink.h).
  Pain001Rules(const Pain001RuleSettings& settings, FindingList& findings,
               PaymentSink* sink = nullptr)
      : checker_(settings, findings), sink_(sink) {}

  bool open(const ElementPath& path, std::string_view currency, const Position& at) override;
  void text(const ElementPath& path, std::string_view value, const Position& at) override;
  void close(const ElementPath& path, const Position& at) override;
  void count_into(ValidationReport& report) const override;
  // See Pain001Checker::take_tally; with the file's initiating party.
  Pain001Tally take_tally();

 private:
  // Where a value goes for the sink (a string of block_, transaction_ or
  // remittance_, made for it if it is one of a list).
  std::string* capture_slot(const ElementPath& path);
  void keep(Pain001Field field, std::string_view value);
  static std::optional<Pain001Field> classify(const ElementPath& path);
  // Where the rules are, for the details: outside a block, in a block's own
  // elements, or in a transaction.
  enum class Region { kOutside, kBlock, kTransaction };
  // What of an element directly below the block or the transaction, and of
  // its descendants, goes into the details.
  enum class DetailScope {
    kNone,
    kAll,
    kAllButName,              // Dbtr, Cdtr: Nm has a field
    kAllButIban,              // DbtrAcct, CdtrAcct: Id/IBAN has a field
    kAllButIds,               // PmtId: InstrId, EndToEndId have fields
    kAllButInstructedAmount,  // Amt: InstdAmt has fields
    kAllButBic,               // CdtrAgt: FinInstnId/BIC(FI) has a field
  };
  DetailScope scope_of(const std::string& top) const;
  // Whether `path` goes into the block's or the transaction's details: what
  // they carry beyond the values kept in fields of their own.
  bool detail(const ElementPath& path);

  Pain001Checker checker_;
  PaymentSink* sink_;
  std::optional<Pain001Field> field_;
  std::string* capture_ = nullptr;
  bool detail_ = false;
  Region region_ = Region::kOutside;
  std::size_t region_depth_ = 0;  // the path size of the block or transaction element
  DetailScope scope_ = DetailScope::kNone;
  ElementCapture details_;             // of the block until its first transaction, then of each
  ElementCapture initiating_capture_;  // of GrpHdr/InitgPty, until it passes its bound
  bool initiating_overflow_ = false;   // it did: its name alone is kept
  std::string initiating_name_;        // GrpHdr/InitgPty/Nm
  std::string initiating_party_;       // ValidationReport::initiating_party
  std::string currency_;
  CapturedBlock block_;
  CapturedTransaction transaction_;
  Remittance remittance_;  // of transaction_, encoded into it when it closes
  bool block_sent_ = false;
};

}  // namespace gw::rules
