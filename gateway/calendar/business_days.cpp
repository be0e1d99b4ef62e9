#include "calendar/business_days.h"

namespace gw {
namespace {

using namespace std::chrono;

bool is_weekend(CivilDate date) {
  const weekday w{sys_days{date}};
  return w == Saturday || w == Sunday;
}

// A holiday that moves to the following Monday when it falls on a weekend.
bool is_moved_holiday(CivilDate date, month m, day d) {
  const CivilDate fixed{date.year(), m, d};
  const weekday w{sys_days{fixed}};
  if (w != Saturday && w != Sunday) return false;
  const CivilDate monday{sys_days{fixed} + days{w == Saturday ? 2 : 1}};
  return date == monday;
}

}  // namespace

CivilDate easter_sunday(year y) {
  // Anonymous Gregorian algorithm (Meeus/Jones/Butcher).
  const int Y = static_cast<int>(y);
  const int a = Y % 19;
  const int b = Y / 100;
  const int c = Y % 100;
  const int d = b / 4;
  const int e = b % 4;
  const int f = (b + 8) / 25;
  const int g = (b - f + 1) / 3;
  const int h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4;
  const int k = c % 4;
  const int l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int mon = (h + l - 7 * m + 114) / 31;
  const int day_of = ((h + l - 7 * m + 114) % 31) + 1;
  return CivilDate{y, month{static_cast<unsigned>(mon)}, day{static_cast<unsigned>(day_of)}};
}

std::string_view holiday_name(CivilDate date) {
  const auto m = date.month();
  const auto d = date.day();
  if (m == January && d == day{1}) return "New Year's Day";
  if (m == May && d == day{1}) return "Labour Day";
  if (m == May && d == day{4}) return "Restoration of Independence Day";
  if (is_moved_holiday(date, May, day{4})) return "Restoration of Independence Day (moved)";
  if (m == June && d == day{23}) return "Midsummer Eve";
  if (m == June && d == day{24}) return "Midsummer Day";
  if (m == November && d == day{18}) return "Proclamation Day";
  if (is_moved_holiday(date, November, day{18})) return "Proclamation Day (moved)";
  if (m == December && d == day{24}) return "Christmas Eve";
  if (m == December && d == day{25}) return "Christmas Day";
  if (m == December && d == day{26}) return "Second Day of Christmas";
  if (m == December && d == day{31}) return "New Year's Eve";
  const sys_days easter{easter_sunday(date.year())};
  if (sys_days{date} == easter - days{2}) return "Good Friday";
  if (sys_days{date} == easter + days{1}) return "Easter Monday";
  return {};
}

BusinessCalendar BusinessCalendar::with_closed_days(const std::vector<std::string>& iso_dates) {
  std::set<CivilDate> closed;
  for (const auto& day : iso_dates) {
    if (auto d = parse_iso_date(day)) closed.insert(*d);
  }
  return BusinessCalendar(std::move(closed));
}

bool BusinessCalendar::is_business_day(CivilDate date) const {
  return !is_weekend(date) && holiday_name(date).empty() && !extra_closed_.contains(date);
}

CivilDate BusinessCalendar::on_or_after(CivilDate date) const {
  while (!is_business_day(date)) date = CivilDate{sys_days{date} + days{1}};
  return date;
}

CivilDate BusinessCalendar::next(CivilDate date) const {
  return on_or_after(CivilDate{sys_days{date} + days{1}});
}

CivilDate BusinessCalendar::previous(CivilDate date) const {
  do {
    date = CivilDate{sys_days{date} - days{1}};
  } while (!is_business_day(date));
  return date;
}

}  // namespace gw
