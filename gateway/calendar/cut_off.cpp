#include "calendar/cut_off.h"

namespace gw {

std::chrono::system_clock::time_point riga_time_on(CivilDate date, int minutes) {
  const auto midnight = riga_day_start(date);
  auto t = midnight + std::chrono::minutes(minutes);
  // Across a daylight-saving change the offset at `t` differs from midnight's.
  t -= riga_utc_offset(t) - riga_utc_offset(midnight);
  return t;
}

std::optional<CivilDate> execution_day(CivilDate requested,
                                       std::chrono::system_clock::time_point now,
                                       int cut_off_minutes, bool move,
                                       const BusinessCalendar& calendar) {
  CivilDate day = calendar.on_or_after(requested);
  if (riga_time_on(day, cut_off_minutes) > now) return day;
  if (!move) return std::nullopt;
  const CivilDate today = riga_date(now);
  day = calendar.on_or_after(day < today ? today : day);
  while (riga_time_on(day, cut_off_minutes) <= now) day = calendar.next(day);
  return day;
}

}  // namespace gw
