#include "iso20022/report_entry.h"

namespace gw::iso20022 {

bool ReportAddress::empty() const {
  return department.empty() && sub_department.empty() && street.empty() &&
         building_number.empty() && post_code.empty() && town.empty() &&
         country_sub_division.empty() && country.empty() && lines.empty();
}

bool ReportParty::empty() const {
  return name.empty() && address.empty() && bic.empty() && lei.empty() && identifiers.empty() &&
         country_of_residence.empty();
}

bool ReportAgent::empty() const {
  return bic.empty() && member_id.empty() && name.empty() && address.empty();
}

}  // namespace gw::iso20022
