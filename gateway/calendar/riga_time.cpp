#include "calendar/riga_time.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <cctype>
#include <charconv>

namespace gw {
namespace {

using namespace std::chrono;

sys_seconds last_sunday_0100_utc(year y, month m) {
  const sys_days month_end = sys_days{y / m / last};
  const auto back = (weekday{month_end} - Sunday).count();
  return sys_days{month_end - days{back}} + hours{1};
}

}  // namespace

hours riga_utc_offset(system_clock::time_point t) {
  const year y = year_month_day{floor<days>(t)}.year();
  const auto summer_from = last_sunday_0100_utc(y, March);
  const auto summer_to = last_sunday_0100_utc(y, October);
  return (t >= summer_from && t < summer_to) ? hours{3} : hours{2};
}

CivilDate riga_date(system_clock::time_point t) {
  return year_month_day{floor<days>(t + riga_utc_offset(t))};
}

system_clock::time_point riga_day_start(CivilDate date) {
  const sys_days local_midnight{date};
  // Midnight is 22:00 UTC the day before in winter, 21:00 in summer.
  const system_clock::time_point winter = local_midnight - hours{2};
  return riga_utc_offset(winter) == hours{2} ? winter : local_midnight - hours{3};
}

std::optional<CivilDate> parse_iso_date(std::string_view text) {
  // Four digits of year: from_chars would take "-026" as the year -26.
  if (text.size() != 10 || text[0] == '-' || text[4] != '-' || text[7] != '-') {
    return std::nullopt;
  }
  int y = 0;
  unsigned m = 0;
  unsigned d = 0;
  const auto num = [&](std::size_t at, std::size_t len, auto& out) {
    const auto [end, ec] = std::from_chars(text.data() + at, text.data() + at + len, out);
    return ec == std::errc{} && end == text.data() + at + len;
  };
  if (!num(0, 4, y) || !num(5, 2, m) || !num(8, 2, d)) return std::nullopt;
  const CivilDate date{year{y}, month{m}, day{d}};
  if (!date.ok()) return std::nullopt;
  return date;
}

std::string format_iso_date(CivilDate date) {
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(date.year()),
                     static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
}

std::string format_utc_timestamp(system_clock::time_point t) {
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", floor<seconds>(t));
}

std::optional<system_clock::time_point> parse_utc_timestamp(std::string_view text) {
  if (text.size() < 20 || text[10] != 'T' || text.back() != 'Z') return std::nullopt;
  const auto date = parse_iso_date(text.substr(0, 10));
  if (!date) return std::nullopt;
  const auto number = [&text](std::size_t at, int max) -> std::optional<int> {
    const auto digit = [](char c) { return c >= '0' && c <= '9'; };
    if (!digit(text[at]) || !digit(text[at + 1])) return std::nullopt;
    const int value = (text[at] - '0') * 10 + (text[at + 1] - '0');
    if (value > max) return std::nullopt;
    return value;
  };
  const auto h = number(11, 23);
  const auto m = number(14, 59);
  const auto s = number(17, 60);
  if (!h || !m || !s || text[13] != ':' || text[16] != ':') return std::nullopt;
  if (text.size() > 20) {  // a fraction: '.', then digits only, before the 'Z'
    const auto fraction = text.substr(20, text.size() - 21);
    if (text[19] != '.' || fraction.empty() ||
        fraction.find_first_not_of("0123456789") != std::string_view::npos) {
      return std::nullopt;
    }
  }
  return sys_days{*date} + hours{*h} + minutes{*m} + seconds{*s};
}

std::string readable_utc_timestamp(const std::string& timestamp) {
  return timestamp.size() >= 16 ? timestamp.substr(0, 10) + " " + timestamp.substr(11, 5)
                                : timestamp;
}

std::string readable_riga_time(const std::string& timestamp) {
  const auto digits = [&](std::size_t at) {
    return std::isdigit(static_cast<unsigned char>(timestamp[at])) != 0 &&
           std::isdigit(static_cast<unsigned char>(timestamp[at + 1])) != 0;
  };
  const auto date = timestamp.size() >= 17 && timestamp[10] == 'T' && timestamp[13] == ':' &&
                            digits(11) && digits(14)
                        ? parse_iso_date(std::string_view(timestamp).substr(0, 10))
                        : std::nullopt;
  const int hour = date ? (timestamp[11] - '0') * 10 + (timestamp[12] - '0') : 0;
  const int minute = date ? (timestamp[14] - '0') * 10 + (timestamp[15] - '0') : 0;
  if (!date || hour > 23 || minute > 59) return timestamp;
  const auto utc =
      std::chrono::sys_days(*date) + std::chrono::hours(hour) + std::chrono::minutes(minute);
  const auto local = utc + riga_utc_offset(utc);
  const auto day = std::chrono::floor<std::chrono::days>(local);
  const std::chrono::hh_mm_ss clock(local - day);
  return fmt::format("{} {:02}:{:02}", format_iso_date(CivilDate(day)), clock.hours().count(),
                     clock.minutes().count());
}

}  // namespace gw
