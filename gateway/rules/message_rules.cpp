#include "rules/message_rules.h"

namespace gw::rules {

namespace {

// ISO 20022 element names have at most 35 characters; a name an attacker
// made 64 KiB long (the markup bound) would be copied into every finding's
// path and text, up to 32 levels deep and 1 000 findings (gigabytes).
constexpr std::size_t kMaxSegment = 64;

}  // namespace

std::string Position::path() const {
  std::string out;
  if (segments == nullptr) return out;
  for (const auto& s : *segments) {
    out += '/';
    if (s.size() <= kMaxSegment) {
      out += s;
    } else {
      out.append(s, 0, kMaxSegment);  // ASCII (xml::ascii_name)
      out += "...";
    }
  }
  return out;
}

}  // namespace gw::rules
