// The daily-limit usage (daily_usage: EUR minor units accepted per user,
// account and Riga date), as every store that moves it writes it.
#pragma once

#include <string_view>

namespace gw::store {

// ?1 user, ?2 IBAN, ?3 Riga date, ?4 EUR minor units added.
inline constexpr std::string_view kAddDailyUsage =
    "INSERT INTO daily_usage(user_number, iban, riga_date, eur_minor) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT (user_number, iban, riga_date) DO UPDATE SET eur_minor = daily_usage.eur_minor + "
    "?4";
// The same, given back (never below zero).
inline constexpr std::string_view kGiveBackUsage =
    "UPDATE daily_usage SET eur_minor = CASE WHEN eur_minor > ?4 THEN eur_minor - ?4 ELSE 0 END "
    "WHERE user_number = ?1 AND iban = ?2 AND riga_date = ?3";

}  // namespace gw::store
