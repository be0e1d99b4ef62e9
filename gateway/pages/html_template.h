// Page templates: {{name}} placeholders filled with HTML-escaped values, so a
// value (an institution's name, a user number from the address bar) can
// never become markup.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "core/result.h"
#include "pages/safe_html.h"

namespace gw::pages {

using TemplateValues = std::map<std::string, std::string, std::less<>>;

// `text` with every {{name}} replaced by values[name], escaped. A placeholder
// without a value is an error, so that no page ships a raw "{{...}}".
Result<std::string> fill_template(std::string_view text, const TemplateValues& values);

using HtmlValues = std::map<std::string, SafeHtml, std::less<>>;

// The same, and every {{html:name}} replaced by html[name] as it is (built
// from escaped parts only: safe_html.h).
Result<std::string> fill_template(std::string_view text, const TemplateValues& values,
                                  const HtmlValues& html);

// &, <, >, " and ' as character references: safe in text and in quoted attributes.
std::string html_escape(std::string_view text);

}  // namespace gw::pages
