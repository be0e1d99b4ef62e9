#include "rules/camt060_rules.h"

#include <fmt/format.h>

#include "core/iban.h"

namespace gw::rules {
namespace {

bool parent_is(const ElementPath& path, std::string_view parent) {
  return path.size() >= 2 && path[path.size() - 2] == parent;
}

}  // namespace

bool Camt060Rules::open(const ElementPath& path, std::string_view, const Position&) {
  const std::string& name = path.back();
  if (name == "RptgReq") {
    ++requests_;
    from_date_.clear();
    if (read_.size() < 100) read_.emplace_back();
    return false;
  }
  return (name == "MsgId" && parent_is(path, "GrpHdr")) || name == "IBAN" ||
         name == "ReqdMsgNmId" || ((name == "FrDt" || name == "ToDt") && parent_is(path, "FrToDt"));
}

void Camt060Rules::text(const ElementPath& path, std::string_view value, const Position& at) {
  const std::string& name = path.back();
  ReportingRequest* current = read_.empty() || requests_ > read_.size() ? nullptr : &read_.back();
  if (name == "MsgId") {
    msg_id_ = value;
  } else if (name == "ReqdMsgNmId") {
    if (current != nullptr) current->message_name = value;
  } else if (name == "IBAN") {
    if (current != nullptr) current->iban = value;
    if (!is_valid_iban(value)) {
      report("AC01", at,
             {fmt::format("account IBAN {} has wrong check digits or a wrong length", value),
              fmt::format("konta IBAN {} ir nepareizi kontrolcipari vai garums", value)});
    }
  } else if (name == "FrDt") {
    from_date_ = value;
    if (current != nullptr) current->from_date = value;
  } else if (name == "ToDt") {
    if (current != nullptr) current->to_date = value;
    // ISO dates compare correctly as text.
    if (!from_date_.empty() && value < std::string_view(from_date_)) {
      report("DT01", at,
             {fmt::format("ToDt {} is before FrDt {}", value, from_date_),
              fmt::format("ToDt {} ir pirms FrDt {}", value, from_date_)});
    }
  }
}

void Camt060Rules::close(const ElementPath&, const Position&) {}

void Camt060Rules::count_into(ValidationReport& report) const {
  report.msg_id = msg_id_;
  report.reporting_requests = requests_;
  report.requests = read_;
}

void Camt060Rules::report(std::string_view code, const Position& at, Sentence text) {
  findings_.add(Finding{std::string(code),
                        at.line,
                        at.column,
                        at.path(),
                        msg_id_,
                        {},
                        {},
                        {},
                        std::move(text.en),
                        std::move(text.lv)});
}

}  // namespace gw::rules
