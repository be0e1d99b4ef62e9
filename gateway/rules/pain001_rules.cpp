#include "rules/pain001_rules.h"

namespace gw::rules {
namespace {

bool is(const ElementPath& path, std::string_view name, std::string_view parent) {
  return path.size() >= 2 && path.back() == name && path[path.size() - 2] == parent;
}

}  // namespace

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

bool Pain001Rules::open(const ElementPath& path, std::string_view currency, const Position&) {
  field_ = classify(path);
  if (field_) {
    currency_ = currency;
    return true;
  }
  if (is(path, "PmtInf", "CstmrCdtTrfInitn")) {
    checker_.open_block();
  } else if (is(path, "CdtTrfTxInf", "PmtInf")) {
    checker_.open_transaction();
  }
  return false;
}

void Pain001Rules::text(const ElementPath&, std::string_view value, const Position& at) {
  if (!field_) return;
  // A DtTm (.09) carries the date in its first ten characters.
  if (*field_ == Pain001Field::kRequestedExecutionDate) value = value.substr(0, 10);
  checker_.field(*field_, value, currency_, at);
  field_.reset();
}

void Pain001Rules::close(const ElementPath& path, const Position& at) {
  if (is(path, "PmtInf", "CstmrCdtTrfInitn")) {
    checker_.close_block(at);
  } else if (is(path, "CdtTrfTxInf", "PmtInf")) {
    checker_.close_transaction();
  } else if (path.size() == 1) {
    checker_.finish(at);
  }
}

void Pain001Rules::count_into(iso20022::ValidationReport& report) const {
  report.payment_blocks = checker_.blocks();
  report.transactions = checker_.transactions();
}

}  // namespace gw::rules
