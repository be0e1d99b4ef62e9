#include "iso20022/finding_json.h"

namespace gw::iso20022 {

nlohmann::ordered_json finding_json(const rules::Finding& f, Language language) {
  return {{"reason_code", f.reason_code}, {"line", f.line},
          {"column", f.column},           {"path", f.path},
          {"msg_id", f.msg_id},           {"pmt_inf_id", f.pmt_inf_id},
          {"instr_id", f.instr_id},       {"end_to_end_id", f.end_to_end_id},
          {"text", f.text_in(language)}};
}

nlohmann::ordered_json findings_json(const std::vector<rules::Finding>& findings,
                                     Language language) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& f : findings) out.push_back(finding_json(f, language));
  return out;
}

nlohmann::ordered_json stored_findings_json(const std::vector<rules::Finding>& findings) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& f : findings) {
    auto item = finding_json(f, Language::kEnglish);
    if (!f.text_lv.empty()) item["text_lv"] = f.text_lv;
    out.push_back(std::move(item));
  }
  return out;
}

nlohmann::json localized_findings(nlohmann::json stored, Language language) {
  if (!stored.is_array()) return stored;
  for (auto& item : stored) {
    if (!item.is_object()) continue;
    const auto lv = item.find("text_lv");
    if (lv == item.end()) continue;
    if (language == Language::kLatvian && lv->is_string()) item["text"] = *lv;
    item.erase("text_lv");
  }
  return stored;
}

}  // namespace gw::iso20022
