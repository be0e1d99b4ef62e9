// The value of a simple type, checked without Xerces for the fast path of
// chunked validation (native_schema.h). It must never accept what Xerces
// would refuse; it may refuse what Xerces would accept (the file is then
// validated by Xerces), so where XML Schema allows more forms than payment
// files use, it takes only the plain ones:
//   string   any text (whitespace preserved), with length (in UTF-16 code
//            units, as Xerces counts), enumeration and pattern facets
//   decimal  digits with an optional fraction ([0-9]+(\.[0-9]+)?: no sign, no
//            whitespace); totalDigits and fractionDigits count every digit
//            written; only 0 as a lower bound
//   date     YYYY-MM-DD, the year 1000 to 9999, no time zone
//   dateTime YYYY-MM-DDThh:mm:ss, up to 9 digits of fraction, an optional Z or
//            +hh:mm / -hh:mm zone within 13:59
//   boolean  true, false, 1, 0
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "xml/xsd_pattern.h"

namespace gw::xml {

struct SimpleValue {
  enum class Builtin { kString, kDecimal, kDate, kDateTime, kBoolean };
  Builtin builtin = Builtin::kString;
  // Facets, strictest of the derivation chain. Lengths count UTF-16 code
  // units, as Xerces does (a character beyond the BMP counts twice).
  std::size_t min_length = 0;
  std::optional<std::size_t> max_length = {};
  std::vector<std::vector<std::string>> enumerations = {};  // the value is in each list
  std::vector<const XsdPattern*> patterns = {};             // the value matches each
  std::optional<std::size_t> total_digits = {};
  std::optional<std::size_t> fraction_digits = {};
  bool above_zero = false;  // minExclusive 0 (minInclusive 0 holds for every value taken)

  // `value` must be well-formed UTF-8 (the scanner checks it).
  bool accepts(std::string_view value) const;
};

}  // namespace gw::xml
