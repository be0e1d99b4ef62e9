// Europe/Riga civil time. Latvia follows the EU rule: UTC+2, and UTC+3 from
// 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of
// October. Business dates are always Riga dates.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace gw {

using CivilDate = std::chrono::year_month_day;

// The Riga calendar date at instant `t`.
CivilDate riga_date(std::chrono::system_clock::time_point t);
// The Riga UTC offset at instant `t` (2 or 3 hours).
std::chrono::hours riga_utc_offset(std::chrono::system_clock::time_point t);

// The instant Riga's day `date` begins (its local midnight; never inside a
// summer-time change, which happens at 03:00 or 04:00 local time).
std::chrono::system_clock::time_point riga_day_start(CivilDate date);

// Parses YYYY-MM-DD; nothing for anything else or an impossible date.
std::optional<CivilDate> parse_iso_date(std::string_view text);
std::string format_iso_date(CivilDate date);

// UTC instant as stored and compared in the store: 2026-11-21T05:00:00Z.
std::string format_utc_timestamp(std::chrono::system_clock::time_point t);
// The instant of "2026-11-21T05:00:00Z" (fractions of a second, as the store
// writes them, are ignored); nothing for anything else.
std::optional<std::chrono::system_clock::time_point> parse_utc_timestamp(std::string_view text);
// "2026-12-17T08:29:50Z" as people read it: "2026-12-17 08:29" (anything
// shorter is returned as it is).
std::string readable_utc_timestamp(const std::string& timestamp);
// The same instant in Riga's time, as people there read it: "2026-12-17
// 10:29" (anything that is not such a timestamp is returned as it is).
std::string readable_riga_time(const std::string& timestamp);

}  // namespace gw
