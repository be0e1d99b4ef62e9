#include "store/postgres/sql_parameters.h"

namespace gw::store {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_word(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

// Copies from `at` up to and including the closing `quote` (a doubled quote
// inside is part of the text; with `backslashes`, as in E'...', so is an
// escaped one); returns the position after it.
std::size_t copy_quoted(std::string_view sql, std::size_t at, char quote, bool backslashes,
                        std::string& out) {
  out += sql[at++];
  while (at < sql.size()) {
    const char c = sql[at++];
    out += c;
    if (backslashes && c == '\\' && at < sql.size()) {
      out += sql[at++];
      continue;
    }
    if (c != quote) continue;
    if (at < sql.size() && sql[at] == quote) {
      out += sql[at++];
      continue;
    }
    break;
  }
  return at;
}

// Copies up to `end` (included), or to the end of the text.
std::size_t copy_through(std::string_view sql, std::size_t at, std::string_view end,
                         std::string& out) {
  const std::size_t found = sql.find(end, at);
  const std::size_t stop = found == std::string_view::npos ? sql.size() : found + end.size();
  out.append(sql.substr(at, stop - at));
  return stop;
}

// The tag of a dollar-quoted string starting at `at` ($$ or $name$), or empty.
std::string_view dollar_tag(std::string_view sql, std::size_t at) {
  std::size_t end = at + 1;
  if (end < sql.size() && is_digit(sql[end])) return {};  // $1: a parameter
  while (end < sql.size() && is_word(sql[end])) ++end;
  if (end < sql.size() && sql[end] == '$') return sql.substr(at, end - at + 1);
  return {};
}

}  // namespace

std::string postgres_parameters(std::string_view sql) {
  std::string out;
  out.reserve(sql.size());
  std::size_t at = 0;
  while (at < sql.size()) {
    const char c = sql[at];
    const bool escape_string = (c == 'E' || c == 'e') && at + 1 < sql.size() &&
                               sql[at + 1] == '\'' && (at == 0 || !is_word(sql[at - 1]));
    if (escape_string) {
      out += c;
      at = copy_quoted(sql, at + 1, '\'', true, out);
    } else if (c == '\'' || c == '"') {
      at = copy_quoted(sql, at, c, false, out);
    } else if (sql.substr(at, 2) == "--") {
      at = copy_through(sql, at, "\n", out);
    } else if (sql.substr(at, 2) == "/*") {
      at = copy_through(sql, at, "*/", out);
    } else if (c == '$' && (at == 0 || !is_word(sql[at - 1])) && !dollar_tag(sql, at).empty()) {
      const std::string_view tag = dollar_tag(sql, at);
      out.append(tag);
      at = copy_through(sql, at + tag.size(), tag, out);
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
