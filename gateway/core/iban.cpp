#include "core/iban.h"

#include <fmt/format.h>

#include <array>
#include <cctype>
#include <utility>

#include "core/country_codes.h"

namespace gw {
namespace {

// Remainder of the rearranged IBAN (BBAN + country + digits) modulo 97;
// nothing for a character outside A-Z 0-9.
std::optional<unsigned> mod97(std::string_view rearranged) {
  unsigned remainder = 0;
  for (const char c : rearranged) {
    if (c >= '0' && c <= '9') {
      remainder = (remainder * 10 + static_cast<unsigned>(c - '0')) % 97;
    } else if (c >= 'A' && c <= 'Z') {
      remainder = (remainder * 100 + static_cast<unsigned>(c - 'A' + 10)) % 97;
    } else {
      return std::nullopt;
    }
  }
  return remainder;
}

// A Latvian BBAN: the bank's four-letter code (of its BIC), then 13 letters
// or digits (ISO 13616 registry: LVkk bbbb cccc cccc cccc c).
bool latvian_bban(std::string_view bban) {
  if (bban.size() != 17) return false;
  for (std::size_t i = 0; i < bban.size(); ++i) {
    const char c = bban[i];
    const bool letter = c >= 'A' && c <= 'Z';
    const bool digit = c >= '0' && c <= '9';
    if (i < 4 ? !letter : !(letter || digit)) return false;
  }
  return true;
}

}  // namespace

bool is_valid_iban(std::string_view iban) {
  if (iban.size() < 15 || iban.size() > 34) return false;
  if (!std::isupper(static_cast<unsigned char>(iban[0])) ||
      !std::isupper(static_cast<unsigned char>(iban[1])) ||
      !std::isdigit(static_cast<unsigned char>(iban[2])) ||
      !std::isdigit(static_cast<unsigned char>(iban[3]))) {
    return false;
  }
  // 00, 01 and 99 pass mod-97 as well as 97, 98 and 02 do, but ISO 13616
  // only ever assigns 02..98.
  const int check_digits = (iban[2] - '0') * 10 + (iban[3] - '0');
  if (check_digits < 2 || check_digits > 98) return false;
  const std::string_view country = iban.substr(0, 2);
  if (!is_country_code(country)) return false;
  if (const auto length = iban_length(country); length && iban.size() != *length) return false;
  if (iban.substr(0, 2) == "LV" && !latvian_bban(iban.substr(4))) return false;
  const std::string rearranged = std::string(iban.substr(4)) + std::string(iban.substr(0, 4));
  const auto remainder = mod97(rearranged);
  return remainder && *remainder == 1;
}

std::optional<std::string> make_iban(std::string_view country, std::string_view bban) {
  const auto remainder = mod97(fmt::format("{}{}00", bban, country));
  if (!remainder || country.size() != 2) return std::nullopt;
  return fmt::format("{}{:02}{}", country, 98 - *remainder, bban);
}

}  // namespace gw
