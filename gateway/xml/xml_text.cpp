#include "xml/xml_text.h"

#include <xercesc/util/TransService.hpp>
#include <xercesc/util/XMLString.hpp>

namespace gw::xml {

std::string to_utf8(const XMLCh* text, std::size_t length) {
  if (text == nullptr || length == 0) return {};
  xercesc::TranscodeToStr utf8(text, length, "UTF-8");
  return std::string(reinterpret_cast<const char*>(utf8.str()), utf8.length());
}

std::string to_utf8(const XMLCh* text) {
  return text == nullptr ? std::string() : to_utf8(text, xercesc::XMLString::stringLen(text));
}

void ascii_name(const XMLCh* text, std::string& out) {
  out.clear();
  for (const XMLCh* p = text; *p != 0; ++p) out.push_back(static_cast<char>(*p < 128 ? *p : '?'));
}

}  // namespace gw::xml
