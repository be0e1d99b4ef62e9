// A page's sentences in both of our languages, kept in one table per page.
#pragma once

#include <span>

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

}  // namespace gw::pages
