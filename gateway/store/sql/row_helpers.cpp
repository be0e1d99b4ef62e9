#include "store/sql/row_helpers.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <ctime>

namespace gw::store {

namespace {

std::string utc_now(bool millis) {
  const auto now = std::chrono::system_clock::now();
  const auto seconds = std::chrono::floor<std::chrono::seconds>(now);
  const std::time_t t = std::chrono::system_clock::to_time_t(seconds);
  if (!millis) return fmt::format("{:%Y-%m-%dT%H:%M:%S}Z", fmt::gmtime(t));
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now - seconds).count();
  return fmt::format("{:%Y-%m-%dT%H:%M:%S}.{:03}Z", fmt::gmtime(t), ms);
}

}  // namespace

std::string days_before(const std::string& day, int days) {
  int y = 0;
  unsigned m = 0;
  unsigned d = 0;
  if (day.size() != 10 || std::sscanf(day.c_str(), "%4d-%2u-%2u", &y, &m, &d) != 3) return day;
  const std::chrono::year_month_day date{std::chrono::year(y), std::chrono::month(m),
                                         std::chrono::day(d)};
  if (!date.ok()) return day;
  const std::chrono::year_month_day earlier{std::chrono::sys_days(date) - std::chrono::days(days)};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(earlier.year()),
                     static_cast<unsigned>(earlier.month()), static_cast<unsigned>(earlier.day()));
}

std::string utc_now_seconds() { return utc_now(false); }
std::string utc_now_millis() { return utc_now(true); }

}  // namespace gw::store
