// UTF-8 checks for text that comes from the network (request targets, header
// values, decoded query parameters) before it reaches a log, an audit row, a
// JSON answer or a comparison: JSON writers throw on invalid UTF-8, so such
// text is made valid at the edge instead of failing deep inside.
#pragma once

#include <string>
#include <string_view>

namespace gw {

// True when `text` is well-formed UTF-8 (RFC 3629: no overlong forms, no
// surrogates, nothing above U+10FFFF).
bool is_valid_utf8(std::string_view text);

// `text` with every byte that is not part of a well-formed UTF-8 sequence
// written as the four characters \xNN (lower-case hex); valid text unchanged.
// The result is always valid UTF-8, and tells an auditor which bytes came.
std::string escape_invalid_utf8(std::string_view text);

// Appends code point `c` (at most U+10FFFF, not a surrogate) in UTF-8.
// Inline: the XML readers call it once per character.
inline void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out.push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (c >> 6)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (c >> 12)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (c >> 18)));
    out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

}  // namespace gw
