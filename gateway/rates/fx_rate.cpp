#include "rates/fx_rate.h"

#include <limits>

#include "core/amount.h"

namespace gw::rates {

std::optional<std::int64_t> parse_rate(std::string_view text) {
  auto value = parse_decimal(text, kRateScale);
  if (!value || *value <= 0) return std::nullopt;
  return value;
}

namespace {

enum class Rounding { kUp, kNearest };

std::optional<std::int64_t> to_eur_minor(std::int64_t amount_minor,
                                         std::int64_t units_per_eur_micro, Rounding rounding) {
  if (units_per_eur_micro <= 0 || amount_minor < 0) return std::nullopt;
  // Both currencies have two decimals (every treasury currency does), so
  // cents * 10^6 / rate_micro is euro cents. 128 bits cannot overflow here.
  __extension__ using Wide = unsigned __int128;
  const Wide scaled = static_cast<Wide>(amount_minor) * 1'000'000u;
  const Wide rate = static_cast<Wide>(units_per_eur_micro);
  const Wide eur = (scaled + (rounding == Rounding::kUp ? rate - 1 : rate / 2)) / rate;
  if (eur > static_cast<Wide>(std::numeric_limits<std::int64_t>::max())) return std::nullopt;
  return static_cast<std::int64_t>(eur);
}

}  // namespace

std::optional<std::int64_t> eur_minor_of(std::int64_t amount_minor,
                                         std::int64_t units_per_eur_micro) {
  return to_eur_minor(amount_minor, units_per_eur_micro, Rounding::kUp);
}

std::optional<std::int64_t> eur_minor_debited(std::int64_t amount_minor,
                                              std::int64_t units_per_eur_micro) {
  const auto eur = to_eur_minor(amount_minor, units_per_eur_micro, Rounding::kNearest);
  // A payment is never a zero-euro entry on a statement: a cent at least.
  if (eur && *eur == 0 && amount_minor > 0) return 1;
  return eur;
}

}  // namespace gw::rates
