#include "calendar/business_days.h"

#include <doctest/doctest.h>

using namespace gw;

namespace {
CivilDate d(const char* text) { return *parse_iso_date(text); }
}  // namespace

TEST_CASE("Easter Sunday (Gregorian)") {
  CHECK(easter_sunday(std::chrono::year{2024}) == d("2024-03-31"));
  CHECK(easter_sunday(std::chrono::year{2025}) == d("2025-04-20"));
  CHECK(easter_sunday(std::chrono::year{2026}) == d("2026-04-05"));
  CHECK(easter_sunday(std::chrono::year{2027}) == d("2027-03-28"));
  CHECK(easter_sunday(std::chrono::year{2038}) == d("2038-04-25"));
}

TEST_CASE("Latvian public holidays and TARGET2 closing days are not business days") {
  const BusinessCalendar calendar;
  CHECK_FALSE(calendar.is_business_day(d("2026-01-01")));
  CHECK_FALSE(calendar.is_business_day(d("2026-04-03")));  // Good Friday
  CHECK_FALSE(calendar.is_business_day(d("2026-04-06")));  // Easter Monday
  CHECK_FALSE(calendar.is_business_day(d("2026-05-01")));
  CHECK_FALSE(calendar.is_business_day(d("2026-05-04")));  // a Monday
  CHECK_FALSE(calendar.is_business_day(d("2026-06-23")));
  CHECK_FALSE(calendar.is_business_day(d("2026-06-24")));
  CHECK_FALSE(calendar.is_business_day(d("2026-11-18")));
  CHECK_FALSE(calendar.is_business_day(d("2026-12-24")));
  CHECK_FALSE(calendar.is_business_day(d("2026-12-31")));
  CHECK_FALSE(calendar.is_business_day(d("2026-11-21")));  // Saturday
  CHECK(calendar.is_business_day(d("2026-11-23")));
  CHECK(calendar.is_business_day(d("2026-11-19")));
  // 18 November 2028 is a Saturday: the holiday moves to Monday the 20th.
  CHECK_FALSE(calendar.is_business_day(d("2028-11-20")));
  CHECK(calendar.is_business_day(d("2028-11-21")));
  // 4 May 2025 was a Sunday: Monday 5 May was the holiday.
  CHECK_FALSE(calendar.is_business_day(d("2025-05-05")));
  CHECK(holiday_name(d("2026-04-03")) == "Good Friday");
}

TEST_CASE("next and previous business days skip weekends and holiday runs") {
  const BusinessCalendar calendar;
  CHECK(calendar.on_or_after(d("2026-11-21")) == d("2026-11-23"));
  CHECK(calendar.on_or_after(d("2026-11-23")) == d("2026-11-23"));
  CHECK(calendar.next(d("2026-12-23")) == d("2026-12-28"));  // 24-27 closed
  CHECK(calendar.next(d("2026-12-30")) == d("2027-01-04"));  // 31, 1, weekend
  CHECK(calendar.previous(d("2026-11-23")) == d("2026-11-20"));
  const BusinessCalendar with_extra({d("2026-11-23")});
  CHECK(with_extra.on_or_after(d("2026-11-21")) == d("2026-11-24"));
}
