// What every page of the institution portal (api/signer_portal.h) and of the
// operator console (api/operator_console.h) shares: the
// frame (language, who is signed in, the session's CSRF token), the header
// with its navigation and sign-out form, and the helpers its tables are
// built with. Each page keeps its own sentences in a PageText table; the
// navigation's are here.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/language.h"
#include "core/result.h"
#include "pages/html_template.h"
#include "pages/page_text.h"
#include "pages/safe_html.h"

namespace gw::pages {

// Which of the two sites a page belongs to: the institution portal (API
// listener, /portal) or the treasury's operator console (its own listener,
// /console). They share the frame and the style, not the navigation.
enum class Site { kPortal, kConsole };

struct PortalFrame {
  Language language = Language::kLatvian;
  std::string signer_name;  // empty: nobody is signed in
  std::string csrf_token;   // the session's; empty: nobody is signed in
  std::string here;         // this page's path (and query, without lang=)
  int idle_seconds = 300;   // the page returns to sign-in after this long
  Site site = Site::kPortal;
};

// A page being put together: its texts (the navigation's and `page_texts`),
// and the parts of its <main>.
class PortalPage {
 public:
  PortalPage(const PortalFrame& frame, std::span<const PageText> page_texts);

  // The text under `key`, which must be in one of the tables.
  const std::string& t(std::string_view key) const { return texts_.find(key)->second; }
  bool has(std::string_view key) const { return texts_.contains(key); }
  bool lv() const { return lv_; }
  SafeHtml& main() { return main_; }

  SafeHtml csrf_field() const;
  // A status line: good (a success) or not (a refusal, a problem).
  SafeHtml notice(const std::string& text, bool good) const;
  // A <thead> of the columns' texts; `true` marks a column of numbers.
  SafeHtml header_row(std::initializer_list<std::pair<const char*, bool>> columns) const;
  // A form field: the label under `label_key`, and an <input> of `type`.
  SafeHtml input(std::string_view name, std::string_view label_key, const std::string& value,
                 std::string_view type) const;
  // A form field: the label, and a <select> of (value, text) options, `chosen` selected.
  SafeHtml select(std::string_view name, std::string_view label_key,
                  const std::vector<std::pair<std::string, std::string>>& options,
                  std::string_view chosen) const;

  // The whole page from portal.html, titled `title`.
  Result<std::string> render(const std::string& title) const;

 private:
  const PortalFrame& frame_;
  const bool lv_;
  TemplateValues texts_;
  SafeHtml main_;
};

// The <option>s of a <select>: (value, text) pairs, `chosen` selected.
SafeHtml options_of(const std::vector<std::pair<std::string, std::string>>& options,
                    std::string_view chosen);
// One term and its value of a facts list (<dl class="facts">).
SafeHtml fact(const std::string& term, const std::string& value);
// The link to a list's next (older) page in a paragraph of its own; nothing
// when `href` is empty (the list ended on this page).
SafeHtml next_page_link(const std::string& href, const std::string& text);
// A table cell; a number's is right-aligned.
SafeHtml cell(const std::string& text, bool number = false);
// "1500.00 EUR", in the currency's own exponent.
std::string amount_text(std::int64_t minor, const std::string& currency);

}  // namespace gw::pages
