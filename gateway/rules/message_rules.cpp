#include "rules/message_rules.h"

namespace gw::rules {

std::string Position::path() const {
  std::string out;
  if (segments == nullptr) return out;
  for (const auto& s : *segments) {
    out += '/';
    out += s;
  }
  return out;
}

}  // namespace gw::rules
