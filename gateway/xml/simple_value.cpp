#include "xml/simple_value.h"

#include <algorithm>

#include "core/utf8.h"

namespace gw::xml {
namespace {

bool digit(char c) { return c >= '0' && c <= '9'; }

bool digits(std::string_view s, std::size_t at, std::size_t count) {
  if (at + count > s.size()) return false;
  return std::all_of(s.begin() + static_cast<std::ptrdiff_t>(at),
                     s.begin() + static_cast<std::ptrdiff_t>(at + count), digit);
}

int number(std::string_view s, std::size_t at, std::size_t count) {
  int n = 0;
  for (std::size_t i = at; i < at + count; ++i) n = n * 10 + (s[i] - '0');
  return n;
}

bool leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

// YYYY-MM-DD at the start of `s`.
bool plain_date(std::string_view s) {
  if (s.size() < 10 || !digits(s, 0, 4) || s[4] != '-' || !digits(s, 5, 2) || s[7] != '-' ||
      !digits(s, 8, 2) || s[0] == '0') {
    return false;
  }
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const int year = number(s, 0, 4);
  const int month = number(s, 5, 2);
  const int day = number(s, 8, 2);
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= kDays[month - 1] + (month == 2 && leap(year) ? 1 : 0);
}

bool plain_date_time(std::string_view s) {
  if (!plain_date(s) || s.size() < 19 || s[10] != 'T' || !digits(s, 11, 2) || s[13] != ':' ||
      !digits(s, 14, 2) || s[16] != ':' || !digits(s, 17, 2)) {
    return false;
  }
  if (number(s, 11, 2) > 23 || number(s, 14, 2) > 59 || number(s, 17, 2) > 59) return false;
  std::size_t at = 19;
  if (at < s.size() && s[at] == '.') {
    std::size_t n = 0;
    while (at + 1 + n < s.size() && digit(s[at + 1 + n])) ++n;
    if (n == 0 || n > 9) return false;
    at += 1 + n;
  }
  if (at == s.size()) return true;
  if (s[at] == 'Z') return at + 1 == s.size();
  if (s[at] != '+' && s[at] != '-') return false;
  return s.size() == at + 6 && digits(s, at + 1, 2) && s[at + 3] == ':' && digits(s, at + 4, 2) &&
         number(s, at + 1, 2) <= 13 && number(s, at + 4, 2) <= 59;
}

bool plain_decimal(std::string_view s, const SimpleValue& type) {
  const std::size_t point = s.find('.');
  const std::string_view whole = s.substr(0, point);
  const std::string_view fraction =
      point == std::string_view::npos ? std::string_view() : s.substr(point + 1);
  if (whole.empty() || !std::all_of(whole.begin(), whole.end(), digit)) return false;
  if (point != std::string_view::npos &&
      (fraction.empty() || !std::all_of(fraction.begin(), fraction.end(), digit))) {
    return false;
  }
  if (type.total_digits && whole.size() + fraction.size() > *type.total_digits) return false;
  if (type.fraction_digits && fraction.size() > *type.fraction_digits) return false;
  if (type.above_zero &&
      std::all_of(s.begin(), s.end(), [](char c) { return c == '0' || c == '.'; })) {
    return false;
  }
  return true;
}

}  // namespace

bool SimpleValue::accepts(std::string_view value) const {
  switch (builtin) {
    case Builtin::kString:
      break;
    case Builtin::kDecimal:
      if (!plain_decimal(value, *this)) return false;
      break;
    case Builtin::kDate:
      if (value.size() != 10 || !plain_date(value)) return false;
      break;
    case Builtin::kDateTime:
      if (!plain_date_time(value)) return false;
      break;
    case Builtin::kBoolean:
      if (value != "true" && value != "false" && value != "1" && value != "0") return false;
      break;
  }
  if (min_length > 0 || max_length) {
    // Characters, as XSD counts (Xerces counts UTF-16 units, a character
    // beyond the BMP twice; the validator drops such a finding of its:
    // iso20022::length_overcounted).
    const std::size_t length = utf8_characters(value);
    if (length < min_length || (max_length && length > *max_length)) return false;
  }
  for (const auto& allowed : enumerations) {
    if (std::find(allowed.begin(), allowed.end(), value) == allowed.end()) return false;
  }
  for (const XsdPattern* pattern : patterns) {
    if (!pattern->matches_utf8(value)) return false;
  }
  return true;
}

}  // namespace gw::xml
