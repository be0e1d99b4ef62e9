#include "core/weighted_list.h"

#include <cctype>

namespace gw {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// "0", "0.5", "1.000": thousandths (digits past the third are dropped); -1
// for anything else.
int weight_of(std::string_view value) {
  if (value.empty() || (value[0] != '0' && value[0] != '1')) return -1;
  int weight = (value[0] - '0') * 1000;
  if (value.size() == 1) return weight;
  if (value[1] != '.') return -1;
  int scale = 100;
  for (const char c : value.substr(2)) {
    if (c < '0' || c > '9') return -1;
    weight += (c - '0') * scale;
    scale /= 10;
  }
  return weight > 1000 ? -1 : weight;
}

// The first q parameter's weight; 1000 without one.
int weight_in(std::string_view params) {
  while (!params.empty()) {
    const auto semicolon = params.find(';');
    const std::string_view param = trim(params.substr(0, semicolon));
    params =
        semicolon == std::string_view::npos ? std::string_view{} : params.substr(semicolon + 1);
    if (param.size() >= 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=') {
      return weight_of(trim(param.substr(2)));
    }
  }
  return 1000;
}

}  // namespace

std::vector<WeightedItem> weighted_items(std::string_view header) {
  std::vector<WeightedItem> items;
  while (!header.empty()) {
    const auto comma = header.find(',');
    const std::string_view item = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    const auto semicolon = item.find(';');
    const std::string_view value = trim(item.substr(0, semicolon));
    if (value.empty()) continue;
    items.push_back(
        {value, weight_in(semicolon == std::string_view::npos ? std::string_view{}
                                                              : item.substr(semicolon + 1))});
  }
  return items;
}

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

}  // namespace gw
