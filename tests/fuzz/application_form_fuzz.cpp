// libFuzzer target: the operator console's application form as a browser
// posts it (application/x-www-form-urlencoded), read into the form, turned
// into the application document and checked by the rules, the rules'
// messages mapped back to the form's rows. Whatever arrives, nothing crashes,
// leaks or reads out of bounds, and a form that passes the rules yields a
// document the rules accept again.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "api/application_form_fields.h"
#include "core/json_text.h"
#include "http/query_string.h"
#include "policy/application.h"
#include "policy/application_form.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  const auto form = gw::api::read_application_form(gw::http::QueryString(body));
  auto json = gw::policy::application_json(form);
  if (!json) return 0;
  auto document = gw::policy::parse_application(*json);
  if (!document) {
    (void)gw::policy::with_form_rows(document.error().message, form, gw::Language::kEnglish);
    (void)gw::policy::with_form_rows(document.error().message_lv, form, gw::Language::kLatvian);
    return 0;
  }
  // What passed once passes again from its own JSON text.
  if (!gw::policy::parse_application(nlohmann::json::parse(gw::json_text(*json)))) std::abort();
  return 0;
}
