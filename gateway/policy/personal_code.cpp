#include "policy/personal_code.h"

#include <fmt/format.h>

#include <array>
#include <chrono>

namespace gw::policy {

Result<std::string> validate_personal_code(std::string_view code) {
  std::string digits;
  for (std::size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (c >= '0' && c <= '9') {
      digits.push_back(c);
    } else if (!(c == '-' && i == 6)) {
      return fail(ErrorCode::kInvalidArgument,
                  "a personal code is 11 digits, optionally with a hyphen after the sixth",
                  "personas kodā drīkst būt tikai 11 cipari; pēc sestā cipara var būt defise");
    }
  }
  if (digits.size() != 11) {
    return fail(ErrorCode::kInvalidArgument, "a personal code has 11 digits",
                "personas kodam jābūt 11 cipariem");
  }
  const std::string normalised = digits.substr(0, 6) + "-" + digits.substr(6);
  if (digits.compare(0, 2, "32") == 0) return normalised;  // new format: no date, no check digit

  const auto d = [&](std::size_t i) { return digits[i] - '0'; };
  const int century = d(6);
  if (century > 2) {
    return fail(ErrorCode::kInvalidArgument, "the seventh digit (century) must be 0, 1 or 2",
                "septītajam ciparam (gadsimtam) jābūt 0, 1 vai 2");
  }
  const int year = 1800 + 100 * century + d(4) * 10 + d(5);
  const std::chrono::year_month_day birth{
      std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(d(2) * 10 + d(3))},
      std::chrono::day{static_cast<unsigned>(d(0) * 10 + d(1))}};
  if (!birth.ok()) {
    return fail(ErrorCode::kInvalidArgument,
                fmt::format("{} does not start with a valid birth date", normalised),
                fmt::format("{} nesākas ar derīgu dzimšanas datumu", normalised));
  }
  static constexpr std::array<int, 10> kWeights = {1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (std::size_t i = 0; i < kWeights.size(); ++i) sum += kWeights[i] * d(i);
  const int check = (1101 - sum) % 11;
  if (check != d(10)) {
    return fail(ErrorCode::kInvalidArgument, fmt::format("{} has a wrong check digit", normalised),
                fmt::format("personas koda {} kontrolcipars nav pareizs", normalised));
  }
  return normalised;
}

}  // namespace gw::policy
