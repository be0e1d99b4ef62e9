// Country codes and the tables keyed by them, in one place: ISO 3166-1
// alpha-2 (every assigned code, plus XK, which SWIFT and the IBAN registry use
// for Kosovo), the IBAN length of each country in the ISO 13616 registry, and
// the countries of the SEPA schemes.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace gw {

// True for an assigned ISO 3166-1 alpha-2 code (upper case) or XK.
bool is_country_code(std::string_view code);

// The IBAN length of a country in the ISO 13616 registry; nothing for one
// that is not in it (it may have joined since: callers decide).
std::optional<std::size_t> iban_length(std::string_view country);

// True for a country (as an IBAN names it) in the geographical scope of the
// EPC's SEPA schemes: the EU and EEA, Switzerland, the United Kingdom,
// Andorra, Monaco, San Marino, the Vatican, and Gibraltar, Guernsey, Jersey,
// the Isle of Man and Saint Pierre and Miquelon, which have IBANs of their
// own. France's overseas departments use FR IBANs. Countries admitted since
// 2024 (Albania, Moldova, Montenegro, North Macedonia, Serbia) are not in it
// yet: their EUR payments are reported as cross-border.
bool in_sepa(std::string_view country);

}  // namespace gw
