// One-time activation codes for technical contacts: 16 characters from an
// alphabet without look-alikes (no 0/O, 1/I/L), shown in groups of four.
// Only the SHA-256 of the normalised code is stored.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace gw::policy {

// A fresh random code, e.g. "K7QM-3XHD-9TWP-ZC4R" (80 bits of entropy).
Result<std::string> make_activation_code();
// Upper case without separators, so "k7qm 3xhd-9twp-zc4r" matches.
std::string normalise_activation_code(std::string_view code);
// Lower-case hex SHA-256 of the normalised code.
std::string activation_code_hash(std::string_view code);

}  // namespace gw::policy
