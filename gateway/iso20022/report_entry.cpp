#include "iso20022/report_entry.h"

namespace gw::iso20022 {

bool ReportAddress::empty() const {
  return type.empty() && department.empty() && sub_department.empty() && street.empty() &&
         building_number.empty() && building_name.empty() && floor.empty() && post_box.empty() &&
         room.empty() && post_code.empty() && town.empty() && town_location.empty() &&
         district.empty() && country_sub_division.empty() && country.empty() && lines.empty();
}

bool ReportParty::empty() const {
  return name.empty() && address.empty() && birth.empty() && bic.empty() && lei.empty() &&
         identifiers.empty() && country_of_residence.empty();
}

bool ReportAgent::empty() const {
  return bic.empty() && member_id.empty() && lei.empty() && name.empty() && address.empty();
}

}  // namespace gw::iso20022
