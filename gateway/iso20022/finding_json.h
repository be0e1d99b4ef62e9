// A Finding as JSON, the same shape everywhere it is shown: gatewayctl
// validate --json, the status of an upload and the refusals of the API.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "rules/validation_report.h"

namespace gw::iso20022 {

nlohmann::ordered_json finding_json(const rules::Finding& finding);
nlohmann::ordered_json findings_json(const std::vector<rules::Finding>& findings);

}  // namespace gw::iso20022
