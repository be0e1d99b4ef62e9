#include "calendar/riga_time.h"

#include <doctest/doctest.h>

using namespace gw;
using namespace std::chrono;

namespace {
system_clock::time_point utc(int y, unsigned m, unsigned d, int h, int min = 0) {
  return sys_days{year{y} / month{m} / day{d}} + hours{h} + minutes{min};
}
}  // namespace

TEST_CASE("Riga is UTC+2 in winter and UTC+3 in summer, switching at 01:00 UTC") {
  CHECK(riga_utc_offset(utc(2026, 1, 15, 12)) == hours{2});
  CHECK(riga_utc_offset(utc(2026, 7, 15, 12)) == hours{3});
  // 2026: summer time from Sunday 29 March 01:00 UTC to Sunday 25 October 01:00 UTC.
  CHECK(riga_utc_offset(utc(2026, 3, 29, 0, 59)) == hours{2});
  CHECK(riga_utc_offset(utc(2026, 3, 29, 1, 0)) == hours{3});
  CHECK(riga_utc_offset(utc(2026, 10, 25, 0, 59)) == hours{3});
  CHECK(riga_utc_offset(utc(2026, 10, 25, 1, 0)) == hours{2});
}

TEST_CASE("the Riga date turns over before the UTC date") {
  CHECK(riga_date(utc(2026, 11, 20, 21, 59)) == year{2026} / 11 / 20);
  CHECK(riga_date(utc(2026, 11, 20, 22, 0)) == year{2026} / 11 / 21);
  CHECK(riga_date(utc(2026, 6, 30, 21, 0)) == year{2026} / 7 / 1);
}

TEST_CASE("a Riga day begins at its local midnight, in winter, in summer and on change days") {
  CHECK(riga_day_start(year{2026} / 11 / 21) == utc(2026, 11, 20, 22));
  CHECK(riga_day_start(year{2026} / 7 / 1) == utc(2026, 6, 30, 21));
  // The change days themselves begin on the side of midnight they start on.
  CHECK(riga_day_start(year{2026} / 3 / 29) == utc(2026, 3, 28, 22));
  CHECK(riga_day_start(year{2026} / 10 / 25) == utc(2026, 10, 24, 21));
  CHECK(riga_day_start(year{2026} / 10 / 26) == utc(2026, 10, 25, 22));
  for (const auto day : {year{2026} / 1 / 1, year{2026} / 3 / 30, year{2026} / 10 / 25}) {
    CHECK(riga_date(riga_day_start(day)) == day);
    CHECK(riga_date(riga_day_start(day) - seconds{1}) != day);
  }
}

TEST_CASE("ISO dates are parsed strictly") {
  CHECK(parse_iso_date("2026-11-21") == year{2026} / 11 / 21);
  CHECK_FALSE(parse_iso_date("2026-02-30").has_value());
  CHECK_FALSE(parse_iso_date("2026-1-5").has_value());
  CHECK_FALSE(parse_iso_date("-026-01-05").has_value());  // a year of four digits, not -26
  CHECK_FALSE(parse_iso_date("+026-01-05").has_value());
  CHECK_FALSE(parse_iso_date("20261121").has_value());
  CHECK(format_iso_date(year{2026} / 1 / 5) == "2026-01-05");
}

TEST_CASE("UTC timestamps read in Riga's time, winter, summer and across the changes") {
  CHECK(gw::readable_riga_time("2026-12-03T10:00:00Z") == "2026-12-03 12:00");
  CHECK(gw::readable_riga_time("2026-07-01T21:30:00Z") == "2026-07-02 00:30");  // UTC+3
  // Summer time starts at 01:00 UTC on the last Sunday of March (29 March 2026).
  CHECK(gw::readable_riga_time("2026-03-29T00:59:00Z") == "2026-03-29 02:59");
  CHECK(gw::readable_riga_time("2026-03-29T01:00:00Z") == "2026-03-29 04:00");
  // And ends at 01:00 UTC on the last Sunday of October (25 October 2026).
  CHECK(gw::readable_riga_time("2026-10-25T00:59:00Z") == "2026-10-25 03:59");
  CHECK(gw::readable_riga_time("2026-10-25T01:00:00Z") == "2026-10-25 03:00");
  CHECK(gw::readable_riga_time("2026-12-31T22:15:00Z") == "2027-01-01 00:15");
  // Anything else as it is.
  CHECK(gw::readable_riga_time("") == "");
  CHECK(gw::readable_riga_time("soon") == "soon");
  CHECK(gw::readable_riga_time("2026-12-03T-1:00:00Z") == "2026-12-03T-1:00:00Z");
}

TEST_CASE("UTC timestamps as the store writes them are read back, anything else is not") {
  using namespace std::chrono;
  const auto at = gw::parse_utc_timestamp("2026-11-21T05:00:07Z");
  REQUIRE(at.has_value());
  CHECK(gw::format_utc_timestamp(*at) == "2026-11-21T05:00:07Z");
  CHECK(gw::parse_utc_timestamp("2026-11-21T05:00:07.123Z") == at);
  CHECK_FALSE(gw::parse_utc_timestamp("2026-11-21 05:00:07Z"));
  CHECK_FALSE(gw::parse_utc_timestamp("2026-11-21T24:00:00Z"));
  CHECK_FALSE(gw::parse_utc_timestamp("2026-02-30T05:00:00Z"));
  CHECK_FALSE(gw::parse_utc_timestamp("2026-11-21T05:00:07"));
  CHECK_FALSE(gw::parse_utc_timestamp("2026-11-21T05:00:07+02"));
  CHECK_FALSE(gw::parse_utc_timestamp("2026-11-21T-1:-1:-1Z"));
  CHECK_FALSE(gw::parse_utc_timestamp("2026-11-21T05:00:07.Z"));
  CHECK_FALSE(gw::parse_utc_timestamp("2026-11-21T05:00:07.1aZ"));
  CHECK_FALSE(gw::parse_utc_timestamp("2026-11-21T+1:00:00Z"));
}
