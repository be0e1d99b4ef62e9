#include "policy/ip_allow_list.h"

#include <arpa/inet.h>
#include <fmt/format.h>

#include <charconv>
#include <optional>

namespace gw::policy {
namespace {

using Bytes = std::array<std::uint8_t, 16>;

// Any textual address as 16 bytes; IPv4 becomes ::ffff:a.b.c.d. Also says
// whether the text was IPv4, for the meaning of its prefix length.
std::optional<std::pair<Bytes, bool>> to_bytes(std::string_view text) {
  const std::string s(text);
  Bytes out{};
  std::array<std::uint8_t, 4> v4{};
  if (::inet_pton(AF_INET, s.c_str(), v4.data()) == 1) {
    out[10] = 0xff;
    out[11] = 0xff;
    std::copy(v4.begin(), v4.end(), out.begin() + 12);
    return std::pair{out, true};
  }
  if (::inet_pton(AF_INET6, s.c_str(), out.data()) == 1) return std::pair{out, false};
  return std::nullopt;
}

bool same_prefix(const Bytes& a, const Bytes& b, unsigned prefix) {
  const unsigned whole = prefix / 8;
  for (unsigned i = 0; i < whole; ++i) {
    if (a[i] != b[i]) return false;
  }
  const unsigned rest = prefix % 8;
  if (rest == 0) return true;
  const auto mask = static_cast<std::uint8_t>(0xff << (8 - rest));
  return (a[whole] & mask) == (b[whole] & mask);
}

}  // namespace

Result<IpAllowList> IpAllowList::parse(const std::vector<std::string>& entries) {
  IpAllowList list;
  for (const auto& entry : entries) {
    const auto slash = entry.find('/');
    const auto parsed = to_bytes(std::string_view(entry).substr(0, slash));
    if (!parsed) {
      return fail(ErrorCode::kInvalidArgument,
                  fmt::format("'{}' is not an IPv4 or IPv6 address or CIDR range", entry),
                  fmt::format("'{}' nav IPv4 vai IPv6 adrese vai CIDR diapazons", entry));
    }
    const auto& [bytes, is_v4] = *parsed;
    const unsigned max_prefix = is_v4 ? 32 : 128;
    unsigned prefix = max_prefix;
    if (slash != std::string::npos) {
      const char* first = entry.data() + slash + 1;
      const char* last = entry.data() + entry.size();
      const auto [end, ec] = std::from_chars(first, last, prefix);
      if (ec != std::errc{} || end != last || first == last || prefix > max_prefix) {
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("'{}': prefix length must be 0..{}", entry, max_prefix),
                    fmt::format("'{}': prefiksa garumam jābūt 0..{}", entry, max_prefix));
      }
    }
    // An IPv4 prefix counts from bit 96 of the mapped form.
    list.ranges_.push_back(Range{bytes, is_v4 ? prefix + 96 : prefix});
  }
  return list;
}

bool IpAllowList::allows(std::string_view address) const {
  if (ranges_.empty()) return true;
  const auto parsed = to_bytes(address);
  if (!parsed) return false;
  for (const auto& range : ranges_) {
    if (same_prefix(parsed->first, range.network, range.prefix)) return true;
  }
  return false;
}

}  // namespace gw::policy
