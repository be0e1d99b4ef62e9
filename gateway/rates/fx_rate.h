// EUR reference rates as integers: a rate is units of a currency per one euro
// (the ECB convention) in millionths, so 1 EUR = 1.0823 USD is 1'082'300.
// Converting to EUR for the limits rounds up, so that a limit can never be
// passed by a fraction of a cent; what an EUR account is debited is the
// nearest cent (half up), as the statement's exchange rate gives it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gw::rates {

inline constexpr int kRateScale = 6;  // decimals kept of a rate

struct FxRate {
  std::string rate_date;  // YYYY-MM-DD
  std::string currency;   // ISO 4217
  std::int64_t units_per_eur_micro = 0;
};

// "1.0823" -> 1'082'300; nothing for malformed, zero, or more than 6 decimals.
std::optional<std::int64_t> parse_rate(std::string_view text);

// The EUR equivalent, in euro cents, of `amount_minor` cents of a currency
// whose rate is `units_per_eur_micro`; rounded up. REQUIRES: rate > 0,
// amount >= 0. Nothing when the result does not fit.
std::optional<std::int64_t> eur_minor_of(std::int64_t amount_minor,
                                         std::int64_t units_per_eur_micro);
// The same to the nearest cent, half a cent up (and a cent at least, for an
// amount above zero): what an EUR account pays.
std::optional<std::int64_t> eur_minor_debited(std::int64_t amount_minor,
                                              std::int64_t units_per_eur_micro);

}  // namespace gw::rates
