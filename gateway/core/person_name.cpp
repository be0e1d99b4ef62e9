#include "core/person_name.h"

#include <array>
#include <utility>

namespace gw {
namespace {

// Latvian capitals with diacritics (UTF-8) and their small letters.
constexpr std::array<std::pair<std::string_view, std::string_view>, 11> kLatvianCapitals{{
    {"Ā", "ā"},
    {"Č", "č"},
    {"Ē", "ē"},
    {"Ģ", "ģ"},
    {"Ī", "ī"},
    {"Ķ", "ķ"},
    {"Ļ", "ļ"},
    {"Ņ", "ņ"},
    {"Š", "š"},
    {"Ū", "ū"},
    {"Ž", "ž"},
}};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

std::string comparable_name(std::string_view name) {
  std::string out;
  bool space = false;
  for (std::size_t i = 0; i < name.size();) {
    if (is_space(name[i])) {
      space = !out.empty();
      ++i;
      continue;
    }
    if (space) out += ' ';
    space = false;
    bool replaced = false;
    for (const auto& [capital, small] : kLatvianCapitals) {
      if (name.substr(i, capital.size()) == capital) {
        out += small;
        i += capital.size();
        replaced = true;
        break;
      }
    }
    if (replaced) continue;
    const char c = name[i++];
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

}  // namespace gw
