#include "core/amount.h"

#include <fmt/format.h>

#include <array>
#include <limits>
#include <utility>

namespace gw {

std::optional<std::int64_t> parse_decimal(std::string_view text, int scale) {
  // xs:decimal as a schema passes it: whitespace collapsed away, a leading
  // '+', digits on either side of the point ("5." and ".5" too).
  const auto first = text.find_first_not_of(" \t\r\n");
  text = first == std::string_view::npos
             ? std::string_view{}
             : text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty() || scale < 0 || scale > 17) return std::nullopt;
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  std::int64_t value = 0;
  int decimals = -1;  // -1: no point seen yet
  bool any_digit = false;
  for (const char c : text) {
    if (c == '.') {
      if (decimals >= 0) return std::nullopt;
      decimals = 0;
      continue;
    }
    if (c < '0' || c > '9') return std::nullopt;
    any_digit = true;
    const int digit = c - '0';
    if (decimals >= 0) {
      if (decimals == scale) {
        if (digit != 0) return std::nullopt;  // more precision than allowed
        continue;
      }
      ++decimals;
    }
    if (value > (kMax - digit) / 10) return std::nullopt;
    value = value * 10 + digit;
  }
  if (!any_digit) return std::nullopt;
  for (int i = std::max(decimals, 0); i < scale; ++i) {
    if (value > kMax / 10) return std::nullopt;
    value *= 10;
  }
  return value;
}

int significant_decimals(std::string_view text) {
  const auto point = text.find('.');
  if (point == std::string_view::npos) return 0;
  auto end = text.size();
  while (end > point + 1 && text[end - 1] == '0') --end;
  return static_cast<int>(end - point - 1);
}

std::string format_decimal(std::int64_t units, int scale) {
  if (scale == 0) return fmt::format("{}", units);
  std::uint64_t divisor = 1;
  for (int i = 0; i < scale; ++i) divisor *= 10;
  // On the magnitude, so that -25.50 is not written "-25.-50" nor -0.50 "0.-50"
  // (and INT64_MIN has one).
  const std::uint64_t magnitude =
      units < 0 ? ~static_cast<std::uint64_t>(units) + 1 : static_cast<std::uint64_t>(units);
  return fmt::format("{}{}.{:0{}}", units < 0 ? "-" : "", magnitude / divisor, magnitude % divisor,
                     scale);
}

namespace {

// The treasury guideline's currencies with their ISO 4217 exponents.
constexpr std::array<std::pair<std::string_view, int>, 14> kExponents = {{
    {"EUR", 2},
    {"USD", 2},
    {"CAD", 2},
    {"AUD", 2},
    {"CHF", 2},
    {"DKK", 2},
    {"NOK", 2},
    {"GBP", 2},
    {"SEK", 2},
    {"HUF", 2},
    {"RUB", 2},
    {"BYN", 2},
    {"PLN", 2},
    {"CZK", 2},
}};

constexpr std::array<std::string_view, kExponents.size()> codes_of_exponents() {
  std::array<std::string_view, kExponents.size()> codes{};
  for (std::size_t i = 0; i < kExponents.size(); ++i) codes[i] = kExponents[i].first;
  return codes;
}
constexpr auto kCodes = codes_of_exponents();

}  // namespace

std::optional<int> treasury_currency_exponent(std::string_view currency) {
  for (const auto& [code, exponent] : kExponents) {
    if (code == currency) return exponent;
  }
  return std::nullopt;
}

std::span<const std::string_view> treasury_currencies() { return kCodes; }

}  // namespace gw
