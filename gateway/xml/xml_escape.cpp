#include "xml/xml_escape.h"

#include "core/utf8.h"

namespace gw::xml {

std::string xml_text(std::string_view text, std::size_t max_chars) {
  std::string out;
  out.reserve(text.size());
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* const end = p + text.size();
  for (std::size_t chars = 0; p < end && chars < max_chars; ++chars) {
    const unsigned char c = *p;
    const int length = utf8_sequence_length(p, end);
    if (length < 0) break;  // a sequence cut off at the end
    if (length == 0) {
      out += ' ';  // a byte that is not UTF-8
      ++p;
      continue;
    }
    const bool c1_control = length == 2 && c == 0xC2 && p[1] <= 0x9F;
    if (c1_control || starts_with_fffe_or_ffff(p, end)) {
      out += ' ';  // U+0080..U+009F, U+FFFE, U+FFFF
    } else if (length > 1) {
      out.append(reinterpret_cast<const char*>(p), static_cast<std::size_t>(length));
    } else if (c < 0x20 || c == 0x7F) {
      out += ' ';
    } else if (c == '&') {
      out += "&amp;";
    } else if (c == '<') {
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else if (c == '"') {
      out += "&quot;";
    } else {
      out += static_cast<char>(c);
    }
    p += length;
  }
  return out;
}

}  // namespace gw::xml
