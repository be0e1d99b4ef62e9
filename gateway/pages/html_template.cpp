#include "pages/html_template.h"

#include <fmt/format.h>

namespace gw::pages {

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

Result<std::string> fill_template(std::string_view text, const TemplateValues& values) {
  return fill_template(text, values, {});
}

Result<std::string> fill_template(std::string_view text, const TemplateValues& values,
                                  const HtmlValues& html) {
  constexpr std::string_view kHtmlPrefix = "html:";
  std::string out;
  out.reserve(text.size() + text.size() / 2);
  std::size_t at = 0;
  while (true) {
    const auto open = text.find("{{", at);
    if (open == std::string_view::npos) break;
    const auto close = text.find("}}", open + 2);
    if (close == std::string_view::npos) {
      return fail(ErrorCode::kInvalidArgument, "page template: unclosed {{");
    }
    const auto name = text.substr(open + 2, close - open - 2);
    out.append(text.substr(at, open - at));
    at = close + 2;
    if (name.starts_with(kHtmlPrefix)) {
      const auto fragment = html.find(name.substr(kHtmlPrefix.size()));
      if (fragment == html.end()) {
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("page template: no HTML for {{{{{}}}}}", name));
      }
      out += fragment->second.html();
      continue;
    }
    const auto value = values.find(name);
    if (value == values.end()) {
      return fail(ErrorCode::kInvalidArgument,
                  fmt::format("page template: no value for {{{{{}}}}}", name));
    }
    out += html_escape(value->second);
  }
  out.append(text.substr(at));
  return out;
}

}  // namespace gw::pages
