// The line format both signed statements share (approval_statement.h,
// cancellation_statement.h): "Key: value" and LF, one line per field always.
#pragma once

#include <string>
#include <string_view>

namespace gw::authorisation {

// Appends "key: value\n"; a control character in `value` becomes a space.
void append_statement_line(std::string& out, std::string_view key, std::string_view value);

}  // namespace gw::authorisation
