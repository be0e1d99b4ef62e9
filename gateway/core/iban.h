// IBAN checks (ISO 13616): country-specific length and the mod-97 check digits.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace gw {

// True when `iban` (no spaces, upper case) starts with an ISO 3166 country
// code, has that country's length in the ISO 13616 registry
// (core/country_codes.h), check digits 02..98 that pass mod-97, and for Latvia
// the BBAN format (a four-letter bank code and 13 letters or digits). A
// country not in the registry (it may have joined since) is checked for
// mod-97 and the generic 15..34 length only.
bool is_valid_iban(std::string_view iban);

// Builds an IBAN from country and BBAN by computing the check digits; nothing
// when the input holds characters other than A-Z and 0-9.
std::optional<std::string> make_iban(std::string_view country, std::string_view bban);

}  // namespace gw
