#include "core/language.h"

#include <cctype>

namespace gw {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != b[i]) return false;
  }
  return true;
}

// A weight "q=0.5" in thousandths; 1000 without one, -1 when unreadable.
int weight_of(std::string_view params) {
  int weight = 1000;
  while (!params.empty()) {
    const auto semi = params.find(';');
    const std::string_view param = trim(params.substr(0, semi));
    params = semi == std::string_view::npos ? std::string_view{} : params.substr(semi + 1);
    if (param.size() < 2 || (param[0] != 'q' && param[0] != 'Q') || param[1] != '=') continue;
    std::string_view value = param.substr(2);
    if (value.empty() || (value[0] != '0' && value[0] != '1')) return -1;
    weight = (value[0] - '0') * 1000;
    if (value.size() > 1) {
      if (value[1] != '.' || value.size() > 5) return -1;
      int scale = 100;
      for (const char c : value.substr(2)) {
        if (c < '0' || c > '9') return -1;
        weight += (c - '0') * scale;
        scale /= 10;
      }
    }
    if (weight > 1000) return -1;
  }
  return weight;
}

}  // namespace

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
  while (!header.empty()) {
    const auto comma = header.find(',');
    const std::string_view item = trim(header.substr(0, comma));
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    const auto semi = item.find(';');
    std::string_view range = trim(item.substr(0, semi));
    const int weight =
        weight_of(semi == std::string_view::npos ? std::string_view{} : item.substr(semi + 1));
    // "lv-LV" is Latvian, "en-GB" English: the primary subtag decides.
    range = range.substr(0, range.find('-'));
    const auto language = parse_language(range);
    if (language && weight > best_weight) {
      best_weight = weight;
      best = *language;
    }
  }
  return best;
}

}  // namespace gw
