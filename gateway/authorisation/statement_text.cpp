#include "authorisation/statement_text.h"

namespace gw::authorisation {

void append_statement_line(std::string& out, std::string_view key, std::string_view value) {
  out += key;
  out += ": ";
  for (const char c : value) out += static_cast<unsigned char>(c) < 0x20 ? ' ' : c;
  out += '\n';
}

}  // namespace gw::authorisation
