// Cut-off times: an hour of a Riga business day after which the day's work is
// closed (docs/authorisation.md).
#pragma once

#include <chrono>

#include "calendar/business_days.h"
#include "calendar/riga_time.h"

namespace gw {

// `minutes` after midnight, Riga wall-clock time, on `date`; right on the
// days daylight saving time starts or ends.
std::chrono::system_clock::time_point riga_time_on(CivilDate date, int minutes);

// Until when a payment file for `execution_date` may wait for its signers:
// the cut-off of that date (or of the business day after it when it is not
// one); when that moment is already past at `now`, the cut-off of the next
// business day after it that is still ahead.
std::chrono::system_clock::time_point signing_deadline(CivilDate execution_date,
                                                       std::chrono::system_clock::time_point now,
                                                       int cut_off_minutes,
                                                       const BusinessCalendar& calendar);

}  // namespace gw
