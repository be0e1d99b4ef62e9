// Treasury business days: not a weekend, not a Latvian public holiday, not a
// TARGET2 closing day. A payment dated on a non-business day executes on the
// next business day.
//
// Latvian public holidays (Law on Public Holidays, Commemoration Days and
// Celebration Days): 1 January; Good Friday, Easter Monday; 1 May; 4 May
// (moved to Monday when on a weekend); 23 and 24 June; 18 November (moved to
// Monday when on a weekend); 24, 25, 26 and 31 December. TARGET2 closes on
// 1 January, Good Friday, Easter Monday, 1 May, 25 and 26 December, which
// the Latvian list already covers. One-off holidays the Cabinet declares
// (e.g. after a Song Festival) are not computed; operators add them.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "calendar/riga_time.h"

namespace gw {

// Western (Gregorian) Easter Sunday.
CivilDate easter_sunday(std::chrono::year y);

// What makes a date a holiday, or empty for a business day or weekend.
std::string_view holiday_name(CivilDate date);

class BusinessCalendar {
 public:
  // `extra_closed`: one-off closing days declared by the Cabinet.
  explicit BusinessCalendar(std::set<CivilDate> extra_closed = {})
      : extra_closed_(std::move(extra_closed)) {}
  // From the declared closing days as stored (YYYY-MM-DD); others are ignored.
  static BusinessCalendar with_closed_days(const std::vector<std::string>& iso_dates);

  bool is_business_day(CivilDate date) const;
  // `date` itself when it is a business day, else the next one.
  CivilDate on_or_after(CivilDate date) const;
  // The first business day strictly after `date`.
  CivilDate next(CivilDate date) const;
  // The last business day strictly before `date`.
  CivilDate previous(CivilDate date) const;

 private:
  std::set<CivilDate> extra_closed_;
};

}  // namespace gw
