#include "iso20022/finding_json.h"

namespace gw::iso20022 {

nlohmann::ordered_json finding_json(const rules::Finding& f) {
  return {{"reason_code", f.reason_code},
          {"line", f.line},
          {"column", f.column},
          {"path", f.path},
          {"msg_id", f.msg_id},
          {"pmt_inf_id", f.pmt_inf_id},
          {"instr_id", f.instr_id},
          {"end_to_end_id", f.end_to_end_id},
          {"text", f.text}};
}

nlohmann::ordered_json findings_json(const std::vector<rules::Finding>& findings) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& f : findings) out.push_back(finding_json(f));
  return out;
}

}  // namespace gw::iso20022
