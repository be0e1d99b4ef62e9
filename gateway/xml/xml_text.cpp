#include "xml/xml_text.h"

#include <xercesc/util/XMLString.hpp>

#include "core/utf8.h"

namespace gw::xml {

// Hand-written because Xerces' TranscodeToStr looks up and creates a
// transcoder on every call, which dominated the validation profile.
std::string to_utf8(const XMLCh* text, std::size_t length) {
  std::string out;
  out.reserve(length);
  for (std::size_t i = 0; i < length; ++i) {
    char32_t c = text[i];
    if (c >= 0xD800 && c <= 0xDBFF && i + 1 < length && text[i + 1] >= 0xDC00 &&
        text[i + 1] <= 0xDFFF) {
      c = 0x10000 + ((c - 0xD800) << 10) + (static_cast<char32_t>(text[i + 1]) - 0xDC00);
      ++i;
    } else if (c >= 0xD800 && c <= 0xDFFF) {
      c = 0xFFFD;  // a lone surrogate cannot come from a well-formed document
    }
    append_utf8(out, c);
  }
  return out;
}

std::string to_utf8(const XMLCh* text) {
  return text == nullptr ? std::string() : to_utf8(text, xercesc::XMLString::stringLen(text));
}

void ascii_name(const XMLCh* text, std::string& out) {
  out.clear();
  for (const XMLCh* p = text; *p != 0; ++p) out.push_back(static_cast<char>(*p < 128 ? *p : '?'));
}

}  // namespace gw::xml
