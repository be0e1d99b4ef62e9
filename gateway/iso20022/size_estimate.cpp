#include "iso20022/size_estimate.h"

#include <limits>

namespace gw::iso20022 {
namespace {

// Where the start tag `<name` or `<prefix:name` that ends at `at` (the
// position of `name`) begins, or npos when `name` there is not a start tag's
// name (an end tag, text, part of a longer name).
std::size_t start_tag_at(std::string_view text, std::size_t at, std::size_t name_size) {
  const std::size_t after = at + name_size;
  if (after >= text.size()) return std::string_view::npos;
  switch (text[after]) {  // what may follow a name in a start tag
    case '>':
    case '/':
    case ' ':
    case '\t':
    case '\n':
    case '\r':
      break;
    default:
      return std::string_view::npos;
  }
  std::size_t open = at;
  if (open > 0 && text[open - 1] == ':') {  // a prefix: letters, digits, '-', '_', '.'
    --open;
    while (open > 0 && text[open - 1] != '<' && text[open - 1] != '/' && text[open - 1] != ':' &&
           static_cast<unsigned char>(text[open - 1]) > ' ' && text[open - 1] != '>') {
      --open;
    }
  }
  return open > 0 && text[open - 1] == '<' ? open - 1 : std::string_view::npos;
}

// The offsets of the start tags of `name` in `text`, first and last, and how many.
struct Tags {
  std::size_t first = std::string_view::npos;
  std::size_t last = std::string_view::npos;
  std::uint64_t count = 0;
};

Tags start_tags_of(std::string_view text, std::string_view name) {
  Tags tags;
  for (std::size_t at = text.find(name); at != std::string_view::npos;
       at = text.find(name, at + name.size())) {
    const std::size_t tag = start_tag_at(text, at, name.size());
    if (tag == std::string_view::npos) continue;
    if (tags.count == 0) tags.first = tag;
    tags.last = tag;
    ++tags.count;
  }
  return tags;
}

// The digits of the element whose start tag ends just before `from`.
std::optional<std::uint64_t> digits_at(std::string_view text, std::size_t from) {
  std::uint64_t value = 0;
  std::size_t at = from;
  for (; at < text.size() && text[at] >= '0' && text[at] <= '9' && at - from < 15; ++at) {
    value = value * 10 + static_cast<std::uint64_t>(text[at] - '0');
  }
  if (at == from || at >= text.size() || text[at] != '<') return std::nullopt;
  return value;
}

}  // namespace

std::optional<std::uint64_t> estimate_pain001_size(std::string_view beginning) {
  const Tags transactions = start_tags_of(beginning, "CdtTrfTxInf");
  if (transactions.count < 2) return std::nullopt;
  // The group header's NbOfTxs is the first, before any block's.
  const Tags counts = start_tags_of(beginning.substr(0, transactions.first), "NbOfTxs");
  if (counts.count == 0) return std::nullopt;
  const std::size_t close = beginning.find('>', counts.first);
  if (close == std::string_view::npos) return std::nullopt;
  const auto announced = digits_at(beginning, close + 1);
  if (!announced) return std::nullopt;
  const std::uint64_t each = (transactions.last - transactions.first) / (transactions.count - 1);
  constexpr std::uint64_t kMost = std::numeric_limits<std::uint64_t>::max();
  if (each != 0 && *announced > (kMost - transactions.first) / each) return kMost;
  return transactions.first + *announced * each;
}

}  // namespace gw::iso20022
