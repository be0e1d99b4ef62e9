// The source-address allow-list of an institution's application: IPv4 and IPv6
// addresses and CIDR ranges. An empty list allows every address. An IPv4
// client seen through an IPv6 socket (::ffff:a.b.c.d) matches IPv4 entries.
// Immutable after parse; safe to share between threads.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace gw::policy {

class IpAllowList {
 public:
  // Parses entries like "192.0.2.10", "10.0.0.0/8", "2001:db8::/32", "::1".
  // The error names the first bad entry.
  static Result<IpAllowList> parse(const std::vector<std::string>& entries);

  bool allows(std::string_view address) const;
  bool empty() const { return ranges_.empty(); }

 private:
  struct Range {
    std::array<std::uint8_t, 16> network{};  // IPv4 stored as ::ffff:a.b.c.d
    unsigned prefix = 128;                   // over the 128-bit form
  };
  std::vector<Range> ranges_;
};

}  // namespace gw::policy
