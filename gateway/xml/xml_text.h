// XMLCh (UTF-16) to UTF-8.
#pragma once

#include <string>
#include <xercesc/util/XercesDefs.hpp>

namespace gw::xml {

std::string to_utf8(const XMLCh* text);
std::string to_utf8(const XMLCh* text, std::size_t length);
// For names known to be ASCII (element names of ISO messages): no transcoder.
void ascii_name(const XMLCh* text, std::string& out);

}  // namespace gw::xml
