#include "xml/namespace_alias.h"

namespace gw::xml {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::size_t skip_spaces(std::string_view s, std::size_t i) {
  while (i < s.size() && is_space(s[i])) ++i;
  return i;
}

}  // namespace

std::string with_namespace_renamed(std::string_view text, std::string_view from,
                                   std::string_view to) {
  std::string out;
  out.reserve(text.size());
  std::size_t done = 0;
  for (std::size_t at = text.find(from); at != std::string_view::npos;
       at = text.find(from, at + 1)) {
    const std::size_t end = at + from.size();
    if (at == 0 || end >= text.size()) continue;
    const char quote = text[at - 1];
    if ((quote != '"' && quote != '\'') || text[end] != quote) continue;
    out.append(text.substr(done, at - done)).append(to);
    done = end;
  }
  return out.append(text.substr(done));
}

std::optional<AliasedRoot> alias_root_namespaces(std::string_view head, const AliasOf& alias_of) {
  std::size_t i = head.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  if (head.substr(i).starts_with("<?xml")) {
    const std::size_t end = head.find("?>", i);
    if (end == std::string_view::npos) return std::nullopt;
    i = end + 2;
  }
  i = skip_spaces(head, i);
  if (i + 1 >= head.size() || head[i] != '<' || head[i + 1] == '!' || head[i + 1] == '?') {
    return std::nullopt;
  }
  ++i;
  while (i < head.size() && !is_space(head[i]) && head[i] != '>' && head[i] != '/') ++i;

  AliasedRoot out;
  out.text.assign(head.substr(0, i));  // up to the end of the element's name
  for (;;) {
    std::size_t j = skip_spaces(head, i);
    if (j >= head.size() || head[j] == '/') return std::nullopt;  // cut short, or an empty root
    if (head[j] == '>') {
      if (out.renamed == 0) return std::nullopt;
      out.text.append(head.substr(i, j + 1 - i));
      out.end = j + 1;
      return out;
    }
    const std::size_t name_at = j;
    while (j < head.size() && !is_space(head[j]) && head[j] != '=' && head[j] != '>' &&
           head[j] != '/') {
      ++j;
    }
    const std::string_view name = head.substr(name_at, j - name_at);
    j = skip_spaces(head, j);
    if (name.empty() || j >= head.size() || head[j] != '=') return std::nullopt;
    j = skip_spaces(head, j + 1);
    if (j >= head.size() || (head[j] != '"' && head[j] != '\'')) return std::nullopt;
    const std::size_t value_at = j + 1;
    const std::size_t value_end = head.find(head[j], value_at);
    if (value_end == std::string_view::npos) return std::nullopt;
    const std::string_view value = head.substr(value_at, value_end - value_at);
    out.text.append(head.substr(i, value_at - i));
    const bool declaration = name == "xmlns" || name.starts_with("xmlns:");
    const std::string_view alias = declaration ? alias_of(value) : std::string_view{};
    if (alias.empty()) {
      out.text.append(value);
    } else {
      out.text.append(alias);
      ++out.renamed;
    }
    out.text.push_back(head[value_end]);
    i = value_end + 1;
  }
}

}  // namespace gw::xml
