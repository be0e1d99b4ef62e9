#include "reports/transaction_code.h"

#include "core/country_codes.h"

namespace gw::reports {

std::string_view credit_transfer_sub_family(bool treasury_internal, std::string_view other_iban,
                                            std::string_view currency,
                                            std::string_view service_level) {
  if (treasury_internal) return "BOOK";
  const std::string_view country = other_iban.substr(0, 2);
  const bool sepa_service =
      service_level.empty() || service_level == "SEPA" || service_level == "NURG";
  if (other_iban.size() > 2 && in_sepa(country) && currency == "EUR" && sepa_service) {
    return "ESCT";
  }
  if (country == "LV") return "DMCT";
  return "XBCT";
}

}  // namespace gw::reports
