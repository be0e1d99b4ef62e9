// A Finding as JSON, the same shape everywhere it is shown: gatewayctl
// validate --json, the status of an upload and the refusals of the API.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "core/language.h"
#include "rules/validation_report.h"

namespace gw::iso20022 {

// "text" in `language` (English where a finding has no Latvian sentence).
nlohmann::ordered_json finding_json(const rules::Finding& finding,
                                    Language language = Language::kEnglish);
nlohmann::ordered_json findings_json(const std::vector<rules::Finding>& findings,
                                     Language language = Language::kEnglish);

// As kept with a message: "text" in English and "text_lv" in Latvian, so
// that it can be shown later in either (localized_findings).
nlohmann::ordered_json stored_findings_json(const std::vector<rules::Finding>& findings);
// Kept findings with "text" in `language` and no "text_lv".
nlohmann::json localized_findings(nlohmann::json stored, Language language);

}  // namespace gw::iso20022
