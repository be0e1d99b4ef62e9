// The account report versions the gateway writes (camt.052/053/054): ISO
// 2009's .001.02, the Latvian guideline's and the default, and ISO 2019's
// .001.08. An application says which its user's system reads.
#pragma once

#include <algorithm>
#include <iterator>
#include <string_view>

namespace gw::policy {

inline constexpr std::string_view kDefaultReportVersion = "001.02";
inline constexpr std::string_view kReportVersions[] = {kDefaultReportVersion, "001.08"};

constexpr bool is_report_version(std::string_view version) {
  return std::find(std::begin(kReportVersions), std::end(kReportVersions), version) !=
         std::end(kReportVersions);
}

}  // namespace gw::policy
