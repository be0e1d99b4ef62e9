#include "http/exchange.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace gw::http {

std::optional<std::string_view> RequestHead::header(std::string_view name) const {
  const auto same = [&](const std::string& candidate) {
    return std::equal(candidate.begin(), candidate.end(), name.begin(), name.end(),
                      [](char a, char b) {
                        return std::tolower(static_cast<unsigned char>(a)) ==
                               std::tolower(static_cast<unsigned char>(b));
                      });
  };
  for (const auto& [key, value] : headers) {
    if (same(key)) return std::string_view(value);
  }
  return std::nullopt;
}

std::optional<std::uint64_t> RequestHead::content_length() const {
  const auto value = header("Content-Length");
  std::uint64_t size = 0;
  if (!value || value->empty()) return std::nullopt;
  const auto [end, ec] = std::from_chars(value->data(), value->data() + value->size(), size);
  if (ec != std::errc{} || end != value->data() + value->size()) return std::nullopt;
  return size;
}

}  // namespace gw::http
