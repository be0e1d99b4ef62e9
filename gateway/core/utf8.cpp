#include "core/utf8.h"

#include <algorithm>
#include <cstdint>

namespace gw {
namespace {

constexpr std::size_t kIncomplete = ~std::size_t{0};

// Length of the well-formed sequence starting at text[at]; 0 if none does;
// kIncomplete if the text ends inside one that is well-formed so far.
std::size_t sequence_at(std::string_view text, std::size_t at) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const int length = utf8_sequence_length(p + at, p + text.size());
  return length < 0 ? kIncomplete : static_cast<std::size_t>(length);
}

// Length of the well-formed sequence starting at text[at], or 0 if none does.
std::size_t sequence_length(std::string_view text, std::size_t at) {
  const std::size_t length = sequence_at(text, at);
  return length == kIncomplete ? 0 : length;
}

}  // namespace

std::size_t utf8_characters(std::string_view valid) {
  std::size_t n = 0;
  for (const char c : valid) n += (static_cast<std::uint8_t>(c) & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

std::size_t utf8_offset_after(std::string_view valid, std::size_t count) {
  std::size_t end = 0;
  for (std::size_t seen = 0; end < valid.size(); ++end) {
    if ((static_cast<std::uint8_t>(valid[end]) & 0xC0) != 0x80 && seen++ == count) break;
  }
  return end;
}

bool is_valid_utf8(std::string_view text) {
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t length = sequence_length(text, at);
    if (length == 0) return false;
    at += length;
  }
  return true;
}

std::string escape_invalid_utf8(std::string_view text) {
  if (is_valid_utf8(text)) return std::string(text);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(text.size() + 16);
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t length = sequence_length(text, at);
    if (length > 0) {
      out.append(text.substr(at, length));
      at += length;
      continue;
    }
    const auto value = static_cast<std::uint8_t>(text[at++]);
    out += "\\x";
    out += kHex[value >> 4];
    out += kHex[value & 0x0F];
  }
  return out;
}

bool Utf8Locator::feed(std::string_view piece) {
  if (fault_) return false;
  std::string joined;
  std::string_view text = piece;
  if (!pending_.empty()) {
    joined = pending_ + std::string(piece);
    text = joined;
    pending_.clear();
  }
  std::size_t at = 0;
  std::size_t length = 0;
  while (at < text.size()) {
    // Runs of ASCII first: most of any file.
    while (at < text.size() && static_cast<std::uint8_t>(text[at]) < 0x80) ++at;
    if (at == text.size()) break;
    length = sequence_at(text, at);
    if (length == 0 || length == kIncomplete) break;
    at += length;
  }
  pass(text.substr(0, at));
  if (at == text.size()) return true;
  if (length == kIncomplete) {
    pending_ = text.substr(at);  // decided by the next piece, or by finish()
    return true;
  }
  fault_at(static_cast<unsigned char>(text[at]));
  return false;
}

std::optional<Utf8Locator::Fault> Utf8Locator::finish() {
  if (!fault_ && !pending_.empty()) {
    fault_at(static_cast<unsigned char>(pending_.front()));
    pending_.clear();
  }
  return fault_;
}

void Utf8Locator::fault_at(unsigned char byte) {
  const auto line_start = recent_.rfind('\n');
  std::string_view before(recent_);
  if (line_start != std::string::npos) before.remove_prefix(line_start + 1);
  // Whole characters only: drop leading continuation bytes.
  while (utf8_characters(before) > kContext ||
         (!before.empty() && (static_cast<std::uint8_t>(before.front()) & 0xC0) == 0x80)) {
    before.remove_prefix(1);
  }
  fault_ = Fault{line_, column_, byte, std::string(before), offset_};
}

void Utf8Locator::pass(std::string_view valid) {
  offset_ += valid.size();
  // A byte order mark is no character of the first line (as in the parser).
  if (at_start_ && !valid.empty()) {
    at_start_ = false;
    if (valid.substr(0, 3) == "\xEF\xBB\xBF") valid.remove_prefix(3);
  }
  const auto last_newline = valid.rfind('\n');
  if (last_newline == std::string_view::npos) {
    column_ += utf8_characters(valid);
  } else {
    line_ += static_cast<std::uint64_t>(std::count(valid.begin(), valid.end(), '\n'));
    column_ = 1 + utf8_characters(valid.substr(last_newline + 1));
  }
  // Enough bytes for kContext characters of up to four bytes each.
  constexpr std::size_t kKeep = 4 * kContext;
  if (valid.size() >= kKeep) {
    recent_.assign(valid.substr(valid.size() - kKeep));
  } else {
    recent_.append(valid);
    if (recent_.size() > kKeep) recent_.erase(0, recent_.size() - kKeep);
  }
}

std::string utf8_prefix(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + "...";
}

}  // namespace gw
