#include "http/cookie.h"

#include <algorithm>
#include <cctype>

namespace gw::http {
namespace {

bool same_name(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

std::optional<std::string> cookie_value(const RequestHead& head, std::string_view name) {
  for (const auto& [key, value] : head.headers) {
    if (!same_name(key, "Cookie")) continue;
    std::string_view rest = value;
    while (!rest.empty()) {
      const auto end = rest.find(';');
      const std::string_view pair = trimmed(rest.substr(0, end));
      rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
      const auto equals = pair.find('=');
      if (equals == std::string_view::npos) continue;
      if (trimmed(pair.substr(0, equals)) != name) continue;
      std::string_view cookie = trimmed(pair.substr(equals + 1));
      if (cookie.size() >= 2 && cookie.front() == '"' && cookie.back() == '"') {
        cookie = cookie.substr(1, cookie.size() - 2);
      }
      return std::string(cookie);
    }
  }
  return std::nullopt;
}

std::string session_cookie(std::string_view name, std::string_view value, std::string_view path) {
  std::string cookie;
  cookie.append(name).append("=").append(value);
  cookie.append("; Path=").append(path);
  cookie.append("; Secure; HttpOnly; SameSite=Strict");
  if (value.empty()) cookie.append("; Max-Age=0");
  return cookie;
}

}  // namespace gw::http
