#include "store/sql/row_helpers.h"

#include <fmt/format.h>

#include <chrono>

#include "calendar/riga_time.h"

namespace gw::store {

std::string days_before(const std::string& day, int days) {
  const auto date = parse_iso_date(day);
  if (!date) return day;
  return format_iso_date(std::chrono::sys_days(*date) - std::chrono::days(days));
}

std::string utc_now_seconds() { return format_utc_timestamp(std::chrono::system_clock::now()); }

std::string utc_now_millis() {
  const auto now = std::chrono::system_clock::now();
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      now - std::chrono::floor<std::chrono::seconds>(now))
                      .count();
  std::string text = format_utc_timestamp(now);  // ...SSZ
  text.insert(text.size() - 1, fmt::format(".{:03}", ms));
  return text;
}

}  // namespace gw::store
