#include "rules/pain001_rules.h"

#include <charconv>
#include <cstdint>
#include <string>
#include <system_error>
#include <vector>

#include "core/element_tree.h"

namespace gw::rules {

using namespace std::string_view_literals;

namespace {

bool is(const ElementPath& path, std::string_view name, std::string_view parent) {
  return path.size() >= 2 && path.back() == name && path[path.size() - 2] == parent;
}

// Inside a transaction's SplmtryData (Document/CstmrCdtTrfInitn/PmtInf/
// CdtTrfTxInf/SplmtryData/...): the ERP's own data, whatever its element names.
// Nothing in it is a field of ours: an InstdAmt or a CdtTrfTxInf there must
// neither count in the totals nor replace the payment's amount.
bool supplementary(const ElementPath& path) {
  constexpr std::size_t kDepth = 4;
  return path.size() > kDepth && path[kDepth] == "SplmtryData"sv;
}

// Path depths: Document/CstmrCdtTrfInitn/PmtInf/<block element>/... and
// .../PmtInf/CdtTrfTxInf/<transaction element>/...
constexpr std::size_t kBlockDepth = 3;

// Below Document/CstmrCdtTrfInitn/GrpHdr/InitgPty.
bool in_initiating_party(const ElementPath& path) {
  return path.size() > kBlockDepth + 1 && path[kBlockDepth - 1] == "GrpHdr"sv &&
         path[kBlockDepth] == "InitgPty"sv;
}

// An InitgPty of its name alone (none without one).
std::string initiating_party_named(std::string_view name) {
  std::string kept;
  if (name.empty()) return kept;
  append_group_start(kept, "InitgPty");
  append_leaf(kept, "Nm", name);
  append_group_end(kept);
  return kept;
}

}  // namespace

Pain001Rules::DetailScope Pain001Rules::scope_of(const std::string& top) const {
  if (region_ == Region::kBlock) {
    // The block's own fields (payment_sink.h), what the checker sums, and
    // the transactions, each captured on its own.
    if (top == "CdtTrfTxInf"sv || top == "PmtInfId"sv || top == "NbOfTxs"sv || top == "CtrlSum"sv ||
        top == "ReqdExctnDt"sv) {
      return DetailScope::kNone;
    }
    if (top == "Dbtr"sv) return DetailScope::kAllButName;
    if (top == "DbtrAcct"sv) return DetailScope::kAllButIban;
    return DetailScope::kAll;
  }
  // The transaction's own fields, its remittance (core/remittance.h) and
  // the ERP's own data.
  if (top == "RmtInf"sv || top == "Purp"sv || top == "SplmtryData"sv) return DetailScope::kNone;
  if (top == "PmtId"sv) return DetailScope::kAllButIds;
  if (top == "Amt"sv) return DetailScope::kAllButInstructedAmount;
  if (top == "Cdtr"sv) return DetailScope::kAllButName;
  if (top == "CdtrAcct"sv) return DetailScope::kAllButIban;
  if (top == "CdtrAgt"sv) return DetailScope::kAllButBic;
  return DetailScope::kAll;
}

bool Pain001Rules::detail(const ElementPath& path) {
  if (region_ == Region::kOutside) return in_initiating_party(path);
  const std::size_t d = region_depth_;
  const std::size_t n = path.size();
  if (n <= d) return false;
  // Elements below the block or transaction are classified once, by the
  // topmost one; its descendants are compared only where it leaves some out.
  if (n == d + 1) scope_ = scope_of(path[d]);
  const auto below = [&](std::size_t levels) { return n == d + 1 + levels; };
  switch (scope_) {
    case DetailScope::kNone:
      return false;
    case DetailScope::kAll:
      return true;
    case DetailScope::kAllButName:
      return !(below(1) && path[d + 1] == "Nm"sv);
    case DetailScope::kAllButIds:
      return !(below(1) && (path[d + 1] == "EndToEndId"sv || path[d + 1] == "InstrId"sv));
    case DetailScope::kAllButInstructedAmount:
      return !(below(1) && path[d + 1] == "InstdAmt"sv);
    case DetailScope::kAllButIban:
      return !(below(2) && path[d + 2] == "IBAN"sv && path[d + 1] == "Id"sv);
    case DetailScope::kAllButBic:
      return !(below(2) && (path[d + 2] == "BIC"sv || path[d + 2] == "BICFI"sv) &&
               path[d + 1] == "FinInstnId"sv);
  }
  return true;
}

std::optional<Pain001Field> Pain001Rules::classify(const ElementPath& path) {
  if (path.size() < 2) return std::nullopt;
  const std::string& name = path.back();
  const std::string& parent = path[path.size() - 2];
  if (parent == "GrpHdr"sv) {
    if (name == "MsgId"sv) return Pain001Field::kMsgId;
    if (name == "NbOfTxs"sv) return Pain001Field::kGroupNbOfTxs;
    if (name == "CtrlSum"sv) return Pain001Field::kGroupCtrlSum;
  } else if (parent == "PmtInf"sv) {
    if (name == "PmtInfId"sv) return Pain001Field::kPmtInfId;
    if (name == "NbOfTxs"sv) return Pain001Field::kBlockNbOfTxs;
    if (name == "CtrlSum"sv) return Pain001Field::kBlockCtrlSum;
    if (name == "ReqdExctnDt"sv) return Pain001Field::kRequestedExecutionDate;  // .03: a date
  } else if (parent == "ReqdExctnDt"sv) {
    if (name == "Dt"sv || name == "DtTm"sv) return Pain001Field::kRequestedExecutionDate;  // .09
  } else if (parent == "PmtId"sv) {
    if (name == "InstrId"sv) return Pain001Field::kInstrId;
    if (name == "EndToEndId"sv) return Pain001Field::kEndToEndId;
  } else if (name == "IBAN"sv && path.size() > 3) {
    const std::string& account = path[path.size() - 3];
    if (account == "DbtrAcct"sv) return Pain001Field::kDebtorIban;
    if (account == "CdtrAcct"sv) return Pain001Field::kCreditorIban;
  } else if ((name == "BIC"sv || name == "BICFI"sv) && parent == "FinInstnId"sv) {
    return Pain001Field::kAgentBic;
  } else if (name == "InstdAmt"sv && parent == "Amt"sv) {
    return Pain001Field::kInstructedAmount;
  }
  return std::nullopt;
}

std::string* Pain001Rules::capture_slot(const ElementPath& path) {
  if (path.size() < 3) return nullptr;
  const std::string& name = path.back();
  const std::string& parent = path[path.size() - 2];
  const std::string& grandparent = path[path.size() - 3];
  if (name == "Nm"sv && parent == "Dbtr"sv && grandparent == "PmtInf"sv) return &block_.debtor_name;
  if (name == "BtchBookg"sv && parent == "PmtInf"sv) return &block_.batch_booking;
  if (name == "Ccy"sv && parent == "DbtrAcct"sv && grandparent == "PmtInf"sv) {
    return &block_.debtor_account_currency;
  }
  if (name == "Cd"sv && parent == "SvcLvl"sv && grandparent == "PmtTpInf"sv && path.size() > 3 &&
      path[path.size() - 4] == "PmtInf"sv) {
    return &block_.service_level;
  }
  if (name == "Nm"sv && parent == "Cdtr"sv) return &transaction_.creditor_name;
  if (name == "Ustrd"sv && parent == "RmtInf"sv) {
    return &remittance_.unstructured.emplace_back();
  }
  if (!remittance_.structured.empty()) {
    auto& strd = remittance_.structured.back();
    if (!strd.referred.empty()) {
      auto& doc = strd.referred.back();
      if (parent == "RfrdDocInf"sv && (name == "Nb"sv || name == "RltdDt"sv)) {
        return name == "Nb"sv ? &doc.number : &doc.date;
      }
      if (name == "Issr"sv && parent == "Tp"sv && grandparent == "RfrdDocInf"sv) return &doc.issuer;
      if ((name == "Cd"sv || name == "Prtry"sv) && parent == "CdOrPrtry"sv &&
          grandparent == "Tp"sv && path.size() > 3 && path[path.size() - 4] == "RfrdDocInf"sv) {
        doc.type.proprietary = name == "Prtry"sv;
        return &doc.type.value;
      }
    }
    auto& ref = strd.creditor_reference;
    if (name == "AddtlRmtInf"sv && parent == "Strd"sv) return &strd.additional.emplace_back();
    if (name == "Ref"sv && parent == "CdtrRefInf"sv) return &ref.reference;
    if (name == "Issr"sv && parent == "Tp"sv && grandparent == "CdtrRefInf"sv) return &ref.issuer;
    if ((name == "Cd"sv || name == "Prtry"sv) && parent == "CdOrPrtry"sv && grandparent == "Tp"sv &&
        path.size() > 3 && path[path.size() - 4] == "CdtrRefInf"sv) {
      ref.type.proprietary = name == "Prtry"sv;
      return &ref.type.value;
    }
  }
  if ((name == "Cd"sv || name == "Prtry"sv) && parent == "Purp"sv &&
      grandparent == "CdtTrfTxInf"sv) {
    remittance_.purpose.proprietary = name == "Prtry"sv;
    return &remittance_.purpose.value;
  }
  if ((name == "BIC"sv || name == "BICFI"sv) && path.size() > 3 &&
      path[path.size() - 3] == "CdtrAgt"sv) {
    return &transaction_.creditor_bic;
  }
  return nullptr;
}

bool Pain001Rules::open(const ElementPath& path, std::string_view currency, const Position&) {
  if (supplementary(path)) {
    field_.reset();
    capture_ = nullptr;
    detail_ = false;
    return false;
  }
  if (sink_ != nullptr && is(path, "Strd", "RmtInf")) remittance_.structured.emplace_back();
  if (sink_ != nullptr && is(path, "RfrdDocInf", "Strd") && !remittance_.structured.empty()) {
    remittance_.structured.back().referred.emplace_back();
  }
  field_ = classify(path);
  if (sink_ != nullptr) {
    capture_ = capture_slot(path);
    detail_ = detail(path);
  }
  if (field_ || capture_ != nullptr || detail_) {
    currency_ = currency;
    return true;
  }
  if (is(path, "GrpHdr", "CstmrCdtTrfInitn")) {
    initiating_capture_.start(path.size());
    initiating_overflow_ = false;
    initiating_name_.clear();
  } else if (is(path, "PmtInf", "CstmrCdtTrfInitn")) {
    checker_.open_block();
    block_ = CapturedBlock{};
    block_sent_ = false;
    details_.start(kBlockDepth);
    region_ = Region::kBlock;
    region_depth_ = kBlockDepth;
  } else if (is(path, "CdtTrfTxInf", "PmtInf")) {
    checker_.open_transaction();
    transaction_ = CapturedTransaction{};
    remittance_ = Remittance{};
    // The schema puts the block's own elements before its transactions.
    if (sink_ != nullptr && !block_sent_) {
      block_.details = details_.take();
      sink_->block(block_);
      block_sent_ = true;
    }
    // Where it is: a CdtTrfTxInf nested where it should not be (the schema
    // rejects the file) still keeps the capture balanced.
    details_.start(path.size());
    region_ = Region::kTransaction;
    region_depth_ = path.size();
  }
  return false;
}

void Pain001Rules::text(const ElementPath& path, std::string_view value, const Position& at) {
  if (detail_ && region_ == Region::kOutside) {
    // Bounded as it streams past: ISO leaves a party's identifiers unbounded.
    if (path.size() == kBlockDepth + 2 && path.back() == "Nm"sv) initiating_name_ = value;
    initiating_overflow_ =
        initiating_overflow_ || initiating_capture_.size() + value.size() > kInitiatingPartyLimit;
    if (!initiating_overflow_) initiating_capture_.leaf(path, value, currency_);
  } else if (detail_) {
    details_.leaf(path, value, currency_);
  }
  detail_ = false;
  if (capture_ != nullptr) {
    *capture_ = value;
    capture_ = nullptr;
  }
  if (!field_) return;
  // A DtTm (.09) carries the date in its first ten characters.
  if (*field_ == Pain001Field::kRequestedExecutionDate) value = value.substr(0, 10);
  checker_.field(*field_, value, currency_, at);
  if (sink_ != nullptr) keep(*field_, value);
  field_.reset();
}

void Pain001Rules::keep(Pain001Field field, std::string_view value) {
  switch (field) {
    case Pain001Field::kPmtInfId:
      block_.pmt_inf_id = value;
      break;
    case Pain001Field::kRequestedExecutionDate:
      block_.requested_execution_date = value;
      break;
    case Pain001Field::kDebtorIban:
      block_.debtor_iban = value;
      break;
    case Pain001Field::kCreditorIban:
      transaction_.creditor_iban = value;
      break;
    case Pain001Field::kInstrId:
      transaction_.instr_id = value;
      break;
    case Pain001Field::kEndToEndId:
      transaction_.end_to_end_id = value;
      break;
    case Pain001Field::kInstructedAmount:
      transaction_.amount = value;
      transaction_.currency = currency_;
      break;
    default:
      break;
  }
}

void Pain001Rules::close(const ElementPath& path, const Position& at) {
  if (supplementary(path)) return;
  if (sink_ != nullptr) {
    (region_ == Region::kOutside ? initiating_capture_ : details_).close(path);
  }
  if (is(path, "GrpHdr", "CstmrCdtTrfInitn")) {
    if (sink_ != nullptr) {
      std::string captured = initiating_capture_.take();
      initiating_party_ = initiating_overflow_ || captured.size() > kInitiatingPartyLimit
                              ? initiating_party_named(initiating_name_)
                              : std::move(captured);
    }
  } else if (is(path, "PmtInf", "CstmrCdtTrfInitn")) {
    checker_.close_block(at);
    region_ = Region::kOutside;
  } else if (is(path, "CdtTrfTxInf", "PmtInf")) {
    checker_.close_transaction();
    region_ = Region::kBlock;
    region_depth_ = kBlockDepth;
    if (sink_ != nullptr) {
      // A Strd with only what we do not carry (RfrdDocAmt, Invcr, ...) would be an empty one.
      for (auto& s : remittance_.structured) {
        std::erase_if(s.referred, [](const ReferredDocument& d) { return d.empty(); });
      }
      std::erase_if(remittance_.structured, [](const StructuredRemittance& s) {
        return s.referred.empty() && s.creditor_reference.empty() && s.additional.empty();
      });
      transaction_.remittance = encode_remittance(remittance_);
      transaction_.details = details_.take();
      sink_->transaction(transaction_);
    }
  } else if (path.size() == 1) {
    checker_.finish(at);
  }
}

void Pain001Rules::count_into(ValidationReport& report) const {
  report.payment_blocks = checker_.blocks();
  report.transactions = checker_.transactions();
  // Stopped at the findings cap, the file was not read to its end: the count
  // it declares says how many it holds (the pain.002's OrgnlNbOfTxs).
  const std::string& declared = checker_.declared_transactions();
  std::uint64_t count = 0;
  if (report.findings_truncated &&
      std::from_chars(declared.data(), declared.data() + declared.size(), count).ec ==
          std::errc{} &&
      count > report.transactions) {
    report.transactions = count;
  }
  report.msg_id = checker_.msg_id();
  report.initiating_party = initiating_party_;
}

Pain001Tally Pain001Rules::take_tally() {
  Pain001Tally tally = checker_.take_tally();
  tally.initiating_party = initiating_party_;
  return tally;
}

}  // namespace gw::rules
