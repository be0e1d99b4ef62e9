// UTF-8 checks: for text that comes from the network (request targets, header
// values, decoded query parameters) before it reaches a log, an audit row, a
// JSON answer or a comparison (JSON writers throw on invalid UTF-8, so such
// text is made valid at the edge instead of failing deep inside); for where
// a file stops being UTF-8; and the one RFC 3629 table the XML readers and
// writers share.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
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

// The number of characters (code points) in valid UTF-8 `valid`: the bytes
// that are not continuations. A limit in characters ("at most 140") counts
// "ā" once, not as its two bytes.
std::size_t utf8_characters(std::string_view valid);

// The byte at which the character after the first `count` characters of
// valid UTF-8 `valid` starts; its size when it has no more.
std::size_t utf8_offset_after(std::string_view valid, std::size_t count);

// `text` cut to at most `max_bytes` at a character's start, with "..."
// after it when it was cut: for what a client chose (a path, a
// certificate's issuer) before it is kept in an audit row.
std::string utf8_prefix(std::string_view text, std::size_t max_bytes);

// Where a stream stops being well-formed UTF-8, read in pieces of any size:
// a file saved in Windows-1257 but read as UTF-8 is refused by the XML
// parser somewhere near the byte, without saying which byte or where. Meant
// for a rejected file only (a valid one is not read twice).
class Utf8Locator {
 public:
  struct Fault {
    std::uint64_t line = 1;    // from 1
    std::uint64_t column = 1;  // in characters, from 1
    unsigned char byte = 0;    // that byte
    std::string before;        // up to kContext characters of its line before it
    std::uint64_t offset = 0;  // bytes before it in the stream (a byte order mark included)
  };
  static constexpr std::size_t kContext = 16;

  // Reads the next piece; false once a fault is found (the rest need not come).
  bool feed(std::string_view piece);
  // The end of the stream (a sequence it cuts off is a fault): the first fault, if any.
  std::optional<Fault> finish();

 private:
  void pass(std::string_view valid);  // counts lines and columns, keeps the recent text
  void fault_at(unsigned char byte);  // the next byte, with the text of its line before it

  bool at_start_ = true;  // nothing passed yet (where a byte order mark may stand)
  std::uint64_t offset_ = 0;
  std::uint64_t line_ = 1;
  std::uint64_t column_ = 1;
  std::string recent_;   // the last bytes passed (may begin inside a character)
  std::string pending_;  // a sequence the last piece ended in the middle of
  std::optional<Fault> fault_;
};

// The length of the well-formed UTF-8 sequence at `p` (RFC 3629: no overlong
// forms, no surrogates, nothing above U+10FFFF); 0 when none starts there;
// -1 when it is well-formed so far but its bytes go on past `end`. `p < end`.
// Inline: the XML scanner calls it once per character above ASCII.
inline int utf8_sequence_length(const unsigned char* p, const unsigned char* end) {
  const unsigned char lead = p[0];
  if (lead < 0x80) return 1;
  int length = 0;
  unsigned char low = 0x80;  // the allowed range of the second byte
  unsigned char high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;   // no overlong forms
    if (lead == 0xED) high = 0x9F;  // no surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;   // no overlong forms
    if (lead == 0xF4) high = 0x8F;  // nothing above U+10FFFF
  } else {
    return 0;
  }
  const int present = end - p < length ? static_cast<int>(end - p) : length;
  if (present > 1 && (p[1] < low || p[1] > high)) return 0;
  for (int i = 2; i < present; ++i) {
    if (p[i] < 0x80 || p[i] > 0xBF) return 0;
  }
  return present < length ? -1 : length;
}

// Whether the bytes at `p` begin with U+FFFE or U+FFFF, which XML 1.0 does
// not allow although they are well-formed UTF-8.
inline bool starts_with_fffe_or_ffff(const unsigned char* p, const unsigned char* end) {
  return end - p >= 3 && p[0] == 0xEF && p[1] == 0xBF && p[2] >= 0xBE;
}

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
