// A page's sentences in both of our languages, kept in one table per page.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "core/language.h"
#include "pages/html_template.h"

namespace gw::pages {

struct PageText {
  const char* key;
  const char* en;
  const char* lv;
};

// Every text of `table` under its key, in `language`.
inline TemplateValues texts_in(std::span<const PageText> table, Language language) {
  TemplateValues values;
  for (const auto& text : table)
    values[text.key] = language == Language::kLatvian ? text.lv : text.en;
  return values;
}

// `text` with its first `placeholder` (e.g. "{minutes}") replaced by `value`:
// a number put into a sentence before the page escapes it.
inline std::string replaced(std::string text, std::string_view placeholder,
                            std::string_view value) {
  if (const auto at = text.find(placeholder); at != std::string::npos) {
    text.replace(at, placeholder.size(), value);
  }
  return text;
}

}  // namespace gw::pages
