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

TEST_CASE("a file may wait for signers until the cut-off of its execution date") {
  const BusinessCalendar calendar;
  // Wednesday 2 December 2026, morning: the cut-off of the same day.
  CHECK(format_utc_timestamp(signing_deadline(date("2026-12-02"), utc("2026-12-02T08:00:00Z"),
                                              16 * 60, calendar)) == "2026-12-02T14:00:00Z");
  // A later date: that date's cut-off.
  CHECK(format_utc_timestamp(signing_deadline(date("2026-12-07"), utc("2026-12-02T08:00:00Z"),
                                              16 * 60, calendar)) == "2026-12-07T14:00:00Z");
  // A Saturday executes on Monday, and waits until Monday's cut-off.
  CHECK(format_utc_timestamp(signing_deadline(date("2026-12-05"), utc("2026-12-02T08:00:00Z"),
                                              16 * 60, calendar)) == "2026-12-07T14:00:00Z");
  // Uploaded after today's cut-off for today: the next business day's.
  CHECK(format_utc_timestamp(signing_deadline(date("2026-12-02"), utc("2026-12-02T15:00:00Z"),
                                              16 * 60, calendar)) == "2026-12-03T14:00:00Z");
  // Friday evening: Monday (the weekend is skipped).
  CHECK(format_utc_timestamp(signing_deadline(date("2026-12-04"), utc("2026-12-04T16:00:00Z"),
                                              16 * 60, calendar)) == "2026-12-07T14:00:00Z");
  // Over Christmas: 24, 25, 26 December are holidays, 27 a Sunday.
  CHECK(format_utc_timestamp(signing_deadline(date("2026-12-23"), utc("2026-12-23T15:00:00Z"),
                                              16 * 60, calendar)) == "2026-12-28T14:00:00Z");
}
