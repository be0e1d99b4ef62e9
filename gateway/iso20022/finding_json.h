// A Finding as JSON, the same shape everywhere it is shown: gatewayctl
// validate --json, the status of an upload and the refusals of the API.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "iso20022/finding.h"

namespace gw::iso20022 {

nlohmann::ordered_json finding_json(const Finding& finding);
nlohmann::ordered_json findings_json(const std::vector<Finding>& findings);

}  // namespace gw::iso20022
