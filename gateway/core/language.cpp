#include "core/language.h"

#include "core/weighted_list.h"

namespace gw {

std::optional<Language> parse_language(std::string_view code) {
  if (equal_ignoring_case(code, "en")) return Language::kEnglish;
  if (equal_ignoring_case(code, "lv")) return Language::kLatvian;
  return std::nullopt;
}

std::string_view language_code(Language language) {
  return language == Language::kLatvian ? "lv" : "en";
}

Language preferred_language(std::string_view header) {
  int best_weight = 0;
  Language best = Language::kEnglish;
  for (const auto& [range, weight] : weighted_items(header)) {
    // "lv-LV" is Latvian, "en-GB" English: the primary subtag decides.
    const auto language = parse_language(range.substr(0, range.find('-')));
    if (language && weight > best_weight) {
      best_weight = weight;
      best = *language;
    }
  }
  return best;
}

}  // namespace gw
