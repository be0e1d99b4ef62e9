#include "calendar/cut_off.h"

#include <doctest/doctest.h>

#include <string>

using namespace gw;

namespace {

// "YYYY-MM-DDTHH:MM" in UTC.
std::chrono::system_clock::time_point utc(const std::string& text) {
  const auto day = parse_iso_date(text.substr(0, 10));
  REQUIRE(day.has_value());
  return std::chrono::sys_days{*day} + std::chrono::hours{std::stoi(text.substr(11, 2))} +
         std::chrono::minutes{std::stoi(text.substr(14, 2))};
}

CivilDate date(const char* text) { return *parse_iso_date(text); }

}  // namespace

TEST_CASE("a Riga wall-clock time is right in winter, in summer and on the change days") {
  CHECK(format_utc_timestamp(riga_time_on(date("2026-12-02"), 16 * 60)) == "2026-12-02T14:00:00Z");
  CHECK(format_utc_timestamp(riga_time_on(date("2026-07-01"), 16 * 60)) == "2026-07-01T13:00:00Z");
  // 29 March 2026: clocks go from 03:00 to 04:00; 25 October 2026: back from 04:00 to 03:00.
  CHECK(format_utc_timestamp(riga_time_on(date("2026-03-29"), 16 * 60)) == "2026-03-29T13:00:00Z");
  CHECK(format_utc_timestamp(riga_time_on(date("2026-10-25"), 16 * 60)) == "2026-10-25T14:00:00Z");
}

namespace {
std::string day_of(std::optional<CivilDate> d) { return d ? format_iso_date(*d) : "none"; }
}  // namespace

TEST_CASE("a payment executes on its date before the cut-off, after it the next business day") {
  const BusinessCalendar calendar;
  const int four_pm = 16 * 60;
  // Wednesday 2 December 2026, morning: the same day.
  CHECK(day_of(execution_day(date("2026-12-02"), utc("2026-12-02T08:00"), four_pm, true,
                             calendar)) == "2026-12-02");
  // A later date: that date, whatever the hour today.
  CHECK(day_of(execution_day(date("2026-12-07"), utc("2026-12-02T20:00"), four_pm, false,
                             calendar)) == "2026-12-07");
  // A Saturday executes on Monday.
  CHECK(day_of(execution_day(date("2026-12-05"), utc("2026-12-02T08:00"), four_pm, false,
                             calendar)) == "2026-12-07");
  // After today's cut-off (16:00 Riga is 14:00 UTC in winter): tomorrow, or nothing (TM01).
  CHECK(day_of(execution_day(date("2026-12-02"), utc("2026-12-02T14:00"), four_pm, true,
                             calendar)) == "2026-12-03");
  CHECK(day_of(execution_day(date("2026-12-02"), utc("2026-12-02T14:00"), four_pm, false,
                             calendar)) == "none");
  CHECK(day_of(execution_day(date("2026-12-02"), utc("2026-12-02T13:59"), four_pm, false,
                             calendar)) == "2026-12-02");
  // An urgent payment's later cut-off (16:45) still makes today.
  CHECK(day_of(execution_day(date("2026-12-02"), utc("2026-12-02T14:30"), four_pm + 45, false,
                             calendar)) == "2026-12-02");
  // Friday evening: Monday; a date in the past released late: the next business day ahead.
  CHECK(day_of(execution_day(date("2026-12-04"), utc("2026-12-04T16:00"), four_pm, true,
                             calendar)) == "2026-12-07");
  CHECK(day_of(execution_day(date("2026-12-01"), utc("2026-12-03T08:00"), four_pm, true,
                             calendar)) == "2026-12-03");
  // Over Christmas: 24, 25, 26 December are holidays, 27 a Sunday.
  CHECK(day_of(execution_day(date("2026-12-23"), utc("2026-12-23T15:00"), four_pm, true,
                             calendar)) == "2026-12-28");
}
