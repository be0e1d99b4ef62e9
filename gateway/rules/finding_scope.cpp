#include "rules/finding_scope.h"

#include <array>
#include <string_view>

namespace gw::rules {

bool rejects_transaction_only(const Finding& finding) {
  // AC01 creditor IBAN, RC01 creditor or intermediary agent BIC.
  static constexpr std::array<std::string_view, 2> kOwnContent = {"AC01", "RC01"};
  if (finding.end_to_end_id.empty()) return false;
  if (finding.path.find("/CdtTrfTxInf/") == std::string::npos) return false;
  for (const auto code : kOwnContent) {
    if (finding.reason_code == code) return true;
  }
  return false;
}

}  // namespace gw::rules
