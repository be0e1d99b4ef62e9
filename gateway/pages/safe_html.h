// HTML that can only be built from escaped text and our own elements, for
// the parts of a page with repeated rows (a table of payments): every value
// passes through html_escape on its way in, so nothing a user sent (a
// creditor's name, a MsgId) can become markup.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace gw::pages {

class SafeHtml {
 public:
  using Attributes = std::initializer_list<std::pair<std::string_view, std::string_view>>;

  SafeHtml() = default;
  // `value` escaped.
  static SafeHtml text(std::string_view value);
  // <tag name="value" ...>children</tag>, values escaped. Tag and attribute
  // names are ours (literals of lower-case letters, digits and '-').
  static SafeHtml element(std::string_view tag, Attributes attributes, const SafeHtml& children);
  static SafeHtml element(std::string_view tag, const SafeHtml& children) {
    return element(tag, {}, children);
  }
  static SafeHtml element(std::string_view tag, std::string_view text_child) {
    return element(tag, {}, text(text_child));
  }
  // <tag name="value" ...> with no children and no end tag (input, meta).
  static SafeHtml void_element(std::string_view tag, Attributes attributes);

  SafeHtml& operator+=(const SafeHtml& more) {
    html_ += more.html_;
    return *this;
  }
  const std::string& html() const { return html_; }
  bool empty() const { return html_.empty(); }

 private:
  explicit SafeHtml(std::string html) : html_(std::move(html)) {}
  static std::string open_tag(std::string_view tag, Attributes attributes);
  std::string html_;
};

}  // namespace gw::pages
