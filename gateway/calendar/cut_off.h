// Cut-off times: the Riga hour after which a business day takes no more
// payments of a kind (docs/authorisation.md, "Cut-off times").
#pragma once

#include <chrono>
#include <optional>

#include "calendar/business_days.h"
#include "calendar/riga_time.h"

namespace gw {

// `minutes` after midnight, Riga wall-clock time, on `date`; right on the
// days daylight saving time starts or ends.
std::chrono::system_clock::time_point riga_time_on(CivilDate date, int minutes);

// The business day a payment requested for `requested` executes on when it
// is released at `now`: the first business day on or after `requested` (and
// not before today) whose cut-off is still ahead. With `move` false only the
// first business day on or after `requested` will do: nothing when its
// cut-off has passed (the payment is rejected, TM01).
std::optional<CivilDate> execution_day(CivilDate requested,
                                       std::chrono::system_clock::time_point now,
                                       int cut_off_minutes, bool move,
                                       const BusinessCalendar& calendar);

}  // namespace gw
