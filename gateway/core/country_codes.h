// Country codes and the tables keyed by them, in one place: ISO 3166-1
// alpha-2 (every assigned code, plus XK, which SWIFT and the IBAN registry use
// for Kosovo) and the IBAN length of each country in the ISO 13616 registry.
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

}  // namespace gw
