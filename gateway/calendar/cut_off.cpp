#include "calendar/cut_off.h"

namespace gw {

std::chrono::system_clock::time_point riga_time_on(CivilDate date, int minutes) {
  const auto midnight = riga_day_start(date);
  auto t = midnight + std::chrono::minutes(minutes);
  // Across a daylight-saving change the offset at `t` differs from midnight's.
  t -= riga_utc_offset(t) - riga_utc_offset(midnight);
  return t;
}

std::chrono::system_clock::time_point signing_deadline(CivilDate execution_date,
                                                       std::chrono::system_clock::time_point now,
                                                       int cut_off_minutes,
                                                       const BusinessCalendar& calendar) {
  CivilDate day = calendar.on_or_after(execution_date);
  auto deadline = riga_time_on(day, cut_off_minutes);
  const CivilDate today = riga_date(now);
  if (deadline <= now) {
    day = calendar.on_or_after(day < today ? today : day);
    deadline = riga_time_on(day, cut_off_minutes);
    if (deadline <= now) {
      day = calendar.next(day);
      deadline = riga_time_on(day, cut_off_minutes);
    }
  }
  return deadline;
}

}  // namespace gw
