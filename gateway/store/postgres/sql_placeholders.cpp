#include "store/postgres/sql_placeholders.h"

namespace gw::store {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Copies from `at` up to and including the closing `quote` (a doubled quote
// inside is part of the text); returns the position after it.
std::size_t copy_quoted(std::string_view sql, std::size_t at, char quote, std::string& out) {
  out += sql[at++];
  while (at < sql.size()) {
    const char c = sql[at++];
    out += c;
    if (c != quote) continue;
    if (at < sql.size() && sql[at] == quote) {
      out += sql[at++];
      continue;
    }
    break;
  }
  return at;
}

}  // namespace

std::string postgres_placeholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size());
  std::size_t at = 0;
  while (at < sql.size()) {
    const char c = sql[at];
    if (c == '\'' || c == '"') {
      at = copy_quoted(sql, at, c, out);
    } else if (c == '-' && sql.substr(at, 2) == "--") {
      const std::size_t end = sql.find('\n', at);
      const std::size_t stop = end == std::string_view::npos ? sql.size() : end;
      out.append(sql.substr(at, stop - at));
      at = stop;
    } else if (c == '?' && at + 1 < sql.size() && is_digit(sql[at + 1])) {
      out += '$';
      ++at;
    } else {
      out += c;
      ++at;
    }
  }
  return out;
}

}  // namespace gw::store
