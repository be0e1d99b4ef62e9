// Money as integers. Decimal text from messages is parsed exactly into minor
// units of a given exponent; nothing here ever uses floating point.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace gw {

// Parses "123", "123.4", "0.50" (and xs:decimal's other forms: "+1.00", "5.",
// ".5", whitespace around; no minus, no exponent) into units at `scale` decimals. Nothing when the
// text is malformed, has more significant decimals than `scale`, or overflows.
std::optional<std::int64_t> parse_decimal(std::string_view text, int scale);

// Number of decimals written, ignoring trailing zeros ("1.50" -> 1).
int significant_decimals(std::string_view text);

// Formats units at `scale` decimals: (12345, 2) -> "123.45".
std::string format_decimal(std::int64_t units, int scale);
// EUR cents as euros, for the texts that name limits: 250000 -> "2500.00".
inline std::string format_euros(std::int64_t cents) { return format_decimal(cents, 2); }

// The currencies the treasury keeps, with their ISO 4217 exponents.
// Nothing for a currency outside that list.
std::optional<int> treasury_currency_exponent(std::string_view currency);
// Those currencies' codes, in the guideline's order (EUR first).
std::span<const std::string_view> treasury_currencies();

}  // namespace gw
