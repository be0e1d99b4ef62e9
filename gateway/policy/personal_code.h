// Latvian personal codes (personas kods) of technical contacts: 11 digits,
// written with or without the hyphen after the sixth (DDMMYY-CNNNN). The old
// format encodes the birth date (C: 0 = 1800s, 1 = 1900s, 2 = 2000s) and ends
// with a check digit; the format issued since 1 July 2017 starts with 32 and
// carries no date and no check digit.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace gw::policy {

// The code normalised to DDMMYY-CNNNN, or an error saying what is wrong.
Result<std::string> validate_personal_code(std::string_view code);

}  // namespace gw::policy
