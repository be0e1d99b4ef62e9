// MessageRules for camt.060 (account reporting request): the account's IBAN
// check digits (AC01) and a date range that runs forwards (DT01). Whether the
// user may see the account is decided later, by the application.
#pragma once

#include <string>

#include "rules/finding_list.h"
#include "rules/message_rules.h"

namespace gw::rules {

class Camt060Rules : public MessageRules {
 public:
  explicit Camt060Rules(FindingList& findings) : findings_(findings) {}

  bool open(const ElementPath& path, std::string_view currency, const Position& at) override;
  void text(const ElementPath& path, std::string_view value, const Position& at) override;
  void close(const ElementPath& path, const Position& at) override;
  void count_into(ValidationReport& report) const override;

 private:
  void report(std::string_view code, const Position& at, Sentence text);

  FindingList& findings_;
  std::string msg_id_;
  std::string from_date_;
  std::uint64_t requests_ = 0;
  std::vector<ReportingRequest> read_;
};

}  // namespace gw::rules
