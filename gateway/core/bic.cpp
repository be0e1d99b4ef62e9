#include "core/bic.h"

#include <algorithm>

#include "core/country_codes.h"

namespace gw {

bool is_valid_bic(std::string_view bic) {
  if (bic.size() != 8 && bic.size() != 11) return false;
  const auto upper_or_digit = [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  };
  if (!std::all_of(bic.begin(), bic.end(), upper_or_digit)) return false;
  return is_country_code(bic.substr(4, 2));
}

}  // namespace gw
