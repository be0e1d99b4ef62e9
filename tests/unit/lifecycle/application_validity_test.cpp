#include <doctest/doctest.h>

#include "calendar/riga_time.h"
#include "lifecycle/application_registration.h"

using namespace gw;
using namespace std::chrono;

namespace {

system_clock::time_point riga_midnight(int y, unsigned m, unsigned d) {
  return riga_day_start(CivilDate{year{y}, month{m}, day{d}});
}

std::string end_of(system_clock::time_point registered) {
  return lifecycle::application_validity(registered).second;
}

}  // namespace

TEST_CASE("an application runs three years on the Riga calendar from its registration") {
  // A winter day: midnight in Riga is 22:00 UTC the day before, and stays so.
  CHECK(end_of(riga_midnight(2026, 12, 1)) == format_utc_timestamp(riga_midnight(2029, 12, 1)));
  // A summer day ends on its anniversary's Riga midnight, an hour earlier in UTC than in winter.
  CHECK(end_of(riga_midnight(2029, 3, 27)) == format_utc_timestamp(riga_midnight(2032, 3, 27)));
  // Riga's 1 March 2028 begins on 29 February in UTC: still 1 March three years on.
  CHECK(end_of(riga_midnight(2028, 3, 1)) == format_utc_timestamp(riga_midnight(2031, 3, 1)));
  // 29 February ends on 1 March.
  CHECK(end_of(riga_midnight(2028, 2, 29)) == format_utc_timestamp(riga_midnight(2031, 3, 1)));
  // Registered at 14:30 Riga time: ends at 14:30 Riga time.
  const auto afternoon = riga_midnight(2026, 12, 3) + hours{14} + minutes{30};
  CHECK(end_of(afternoon) ==
        format_utc_timestamp(riga_midnight(2029, 12, 3) + hours{14} + minutes{30}));
}

TEST_CASE("a registration date counts from its Riga midnight, today from now, never later") {
  const auto now = riga_midnight(2026, 12, 3) + hours{1};  // 23:00 UTC on 2 December
  CHECK(lifecycle::registration_instant(CivilDate{year{2026}, month{12}, day{3}}, now) == now);
  CHECK(lifecycle::registration_instant(CivilDate{year{2026}, month{11}, day{20}}, now) ==
        riga_midnight(2026, 11, 20));
  CHECK(lifecycle::check_not_lapsed(riga_midnight(2023, 12, 3), now).has_value() == false);
  CHECK(lifecycle::check_not_lapsed(riga_midnight(2023, 12, 4), now).has_value());
}
