#include "pages/safe_html.h"

#include <cassert>

#include "pages/html_template.h"

namespace gw::pages {
namespace {

[[maybe_unused]] bool is_name(std::string_view name) {
  if (name.empty()) return false;
  for (const char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

}  // namespace

SafeHtml SafeHtml::text(std::string_view value) { return SafeHtml(html_escape(value)); }

std::string SafeHtml::open_tag(std::string_view tag, Attributes attributes) {
  assert(is_name(tag));
  std::string html = "<";
  html += tag;
  for (const auto& [name, value] : attributes) {
    assert(is_name(name));
    html += ' ';
    html += name;
    html += "=\"";
    html += html_escape(value);
    html += '"';
  }
  html += '>';
  return html;
}

SafeHtml SafeHtml::element(std::string_view tag, Attributes attributes, const SafeHtml& children) {
  std::string html = open_tag(tag, attributes);
  html += children.html_;
  html += "</";
  html += tag;
  html += '>';
  return SafeHtml(std::move(html));
}

SafeHtml SafeHtml::void_element(std::string_view tag, Attributes attributes) {
  return SafeHtml(open_tag(tag, attributes));
}

}  // namespace gw::pages
