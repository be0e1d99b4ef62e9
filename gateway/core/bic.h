// BIC checks (ISO 9362:2014): a business party prefix of 4 letters or digits,
// an ISO 3166 country code (core/country_codes.h), a location of 2 letters or
// digits, and optionally a branch of 3. Upper case only.
#pragma once

#include <string_view>

namespace gw {

bool is_valid_bic(std::string_view bic);

}  // namespace gw
