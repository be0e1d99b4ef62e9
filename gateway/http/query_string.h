// The query part of a request target: name=value pairs, percent-decoded.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gw::http {

class QueryString {
 public:
  // Malformed escapes are kept as written; decoded bytes that are not UTF-8
  // are written as \xNN (core/utf8.h). Never fails.
  explicit QueryString(std::string_view query);

  std::optional<std::string> get(std::string_view name) const;
  // The value as a non-negative integer; nothing when absent; an empty
  // optional-in-optional when present but not a number in [min, max].
  std::optional<std::optional<std::int64_t>> integer(std::string_view name, std::int64_t min,
                                                     std::int64_t max) const;

 private:
  std::vector<std::pair<std::string, std::string>> pairs_;
};

// `value` percent-encoded for a query (RFC 3986: everything but unreserved
// characters), so that QueryString reads it back as it was.
std::string percent_encode(std::string_view value);

// "/v1/mailbox/17/ack" -> {"v1", "mailbox", "17", "ack"}.
std::vector<std::string_view> path_segments(std::string_view path);

// A decimal id in [1, 2^63); nothing otherwise.
std::optional<std::int64_t> parse_id(std::string_view text);

}  // namespace gw::http
