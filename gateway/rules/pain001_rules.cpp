#include "rules/pain001_rules.h"

#include <vector>

namespace gw::rules {
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
  return path.size() > kDepth && path[kDepth] == "SplmtryData";
}

// Path depths: Document/CstmrCdtTrfInitn/PmtInf/<block element>/... and
// .../PmtInf/CdtTrfTxInf/<transaction element>/...
constexpr std::size_t kBlockDepth = 3;
constexpr std::size_t kTransactionDepth = 4;

bool under(const ElementPath& path, std::size_t depth, std::string_view first,
           std::string_view second = {}, std::string_view third = {}) {
  if (path.size() <= depth || path[depth] != first) return false;
  if (second.empty()) return true;
  if (path.size() <= depth + 1 || path[depth + 1] != second) return false;
  return third.empty() || (path.size() > depth + 2 && path[depth + 2] == third);
}

}  // namespace

bool Pain001Rules::detail(const ElementPath& path) {
  if (path.size() <= kBlockDepth || path[kBlockDepth - 1] != "PmtInf") return false;
  if (path[kBlockDepth] != "CdtTrfTxInf") {
    // The block's own fields (payment_sink.h) and what the checker sums.
    constexpr std::size_t d = kBlockDepth;
    return !under(path, d, "PmtInfId") && !under(path, d, "NbOfTxs") &&
           !under(path, d, "CtrlSum") && !under(path, d, "ReqdExctnDt") &&
           !under(path, d, "Dbtr", "Nm") && !under(path, d, "DbtrAcct", "Id", "IBAN");
  }
  if (path.size() <= kTransactionDepth) return false;
  // The transaction's own fields, its remittance (core/remittance.h) and the
  // ERP's own data.
  constexpr std::size_t d = kTransactionDepth;
  return !under(path, d, "PmtId", "InstrId") && !under(path, d, "PmtId", "EndToEndId") &&
         !under(path, d, "Amt", "InstdAmt") && !under(path, d, "Cdtr", "Nm") &&
         !under(path, d, "CdtrAcct", "Id", "IBAN") &&
         !under(path, d, "CdtrAgt", "FinInstnId", "BIC") &&
         !under(path, d, "CdtrAgt", "FinInstnId", "BICFI") && !under(path, d, "RmtInf") &&
         !under(path, d, "Purp") && !under(path, d, "SplmtryData");
}

std::optional<Pain001Field> Pain001Rules::classify(const ElementPath& path) {
  if (path.size() < 2) return std::nullopt;
  const std::string& name = path.back();
  const std::string& parent = path[path.size() - 2];
  if (parent == "GrpHdr") {
    if (name == "MsgId") return Pain001Field::kMsgId;
    if (name == "NbOfTxs") return Pain001Field::kGroupNbOfTxs;
    if (name == "CtrlSum") return Pain001Field::kGroupCtrlSum;
  } else if (parent == "PmtInf") {
    if (name == "PmtInfId") return Pain001Field::kPmtInfId;
    if (name == "NbOfTxs") return Pain001Field::kBlockNbOfTxs;
    if (name == "CtrlSum") return Pain001Field::kBlockCtrlSum;
    if (name == "ReqdExctnDt") return Pain001Field::kRequestedExecutionDate;  // .03: a date
  } else if (parent == "ReqdExctnDt") {
    if (name == "Dt" || name == "DtTm") return Pain001Field::kRequestedExecutionDate;  // .09
  } else if (parent == "PmtId") {
    if (name == "InstrId") return Pain001Field::kInstrId;
    if (name == "EndToEndId") return Pain001Field::kEndToEndId;
  } else if (name == "IBAN" && path.size() > 3) {
    const std::string& account = path[path.size() - 3];
    if (account == "DbtrAcct") return Pain001Field::kDebtorIban;
    if (account == "CdtrAcct") return Pain001Field::kCreditorIban;
  } else if ((name == "BIC" || name == "BICFI") && parent == "FinInstnId") {
    return Pain001Field::kAgentBic;
  } else if (name == "InstdAmt" && parent == "Amt") {
    return Pain001Field::kInstructedAmount;
  }
  return std::nullopt;
}

std::string* Pain001Rules::capture_slot(const ElementPath& path) {
  if (path.size() < 3) return nullptr;
  const std::string& name = path.back();
  const std::string& parent = path[path.size() - 2];
  const std::string& grandparent = path[path.size() - 3];
  if (name == "Nm" && parent == "Dbtr" && grandparent == "PmtInf") return &block_.debtor_name;
  if (name == "BtchBookg" && parent == "PmtInf") return &block_.batch_booking;
  if (name == "Ccy" && parent == "DbtrAcct" && grandparent == "PmtInf") {
    return &block_.debtor_account_currency;
  }
  if (name == "Cd" && parent == "SvcLvl" && grandparent == "PmtTpInf" && path.size() > 3 &&
      path[path.size() - 4] == "PmtInf") {
    return &block_.service_level;
  }
  if (name == "Nm" && parent == "Cdtr") return &transaction_.creditor_name;
  if (name == "Ustrd" && parent == "RmtInf") {
    return &remittance_.unstructured.emplace_back();
  }
  if (!remittance_.structured.empty()) {
    auto& strd = remittance_.structured.back();
    auto& ref = strd.creditor_reference;
    if (name == "AddtlRmtInf" && parent == "Strd") return &strd.additional.emplace_back();
    if (name == "Ref" && parent == "CdtrRefInf") return &ref.reference;
    if (name == "Issr" && parent == "Tp" && grandparent == "CdtrRefInf") return &ref.issuer;
    if ((name == "Cd" || name == "Prtry") && parent == "CdOrPrtry" && grandparent == "Tp" &&
        path.size() > 3 && path[path.size() - 4] == "CdtrRefInf") {
      ref.type.proprietary = name == "Prtry";
      return &ref.type.value;
    }
  }
  if ((name == "Cd" || name == "Prtry") && parent == "Purp" && grandparent == "CdtTrfTxInf") {
    remittance_.purpose.proprietary = name == "Prtry";
    return &remittance_.purpose.value;
  }
  if ((name == "BIC" || name == "BICFI") && path.size() > 3 && path[path.size() - 3] == "CdtrAgt") {
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
  field_ = classify(path);
  if (sink_ != nullptr) {
    capture_ = capture_slot(path);
    detail_ = detail(path);
  }
  if (field_ || capture_ != nullptr || detail_) {
    currency_ = currency;
    return true;
  }
  if (is(path, "PmtInf", "CstmrCdtTrfInitn")) {
    checker_.open_block();
    block_ = CapturedBlock{};
    block_sent_ = false;
    details_.start(kBlockDepth);
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
    details_.start(kTransactionDepth);
  }
  return false;
}

void Pain001Rules::text(const ElementPath& path, std::string_view value, const Position& at) {
  if (detail_) {
    details_.leaf(path, value, currency_);
    detail_ = false;
  }
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
  if (sink_ != nullptr) details_.close(path);
  if (is(path, "PmtInf", "CstmrCdtTrfInitn")) {
    checker_.close_block(at);
  } else if (is(path, "CdtTrfTxInf", "PmtInf")) {
    checker_.close_transaction();
    if (sink_ != nullptr) {
      // A Strd with only what we do not carry (RfrdDocInf) would be an empty one.
      std::erase_if(remittance_.structured, [](const StructuredRemittance& s) {
        return s.creditor_reference.empty() && s.additional.empty();
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
  report.msg_id = checker_.msg_id();
}

}  // namespace gw::rules
