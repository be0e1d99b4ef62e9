#include "xml/plain_xml_scanner.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "core/utf8.h"

namespace gw::xml {
namespace {

// Attributes of one start tag, namespace declarations included: payment
// files have two or three; the check for repeats is quadratic.
constexpr std::size_t kMaxAttributes = 32;

constexpr std::string_view kXsiNamespace = "http://www.w3.org/2001/XMLSchema-instance";
constexpr std::string_view kXmlNamespace = "http://www.w3.org/XML/1998/namespace";
constexpr std::string_view kXmlnsNamespace = "http://www.w3.org/2000/xmlns/";

// What each byte may be in markup, one lookup per byte: names are a fifth of
// a payment file's bytes.
constexpr std::uint8_t kSpace = 1;
constexpr std::uint8_t kNameStart = 2;  // ASCII letters and '_' (the names we take)
constexpr std::uint8_t kNameChar = 4;   // those, digits, '-', '.' and ':'
constexpr std::array<std::uint8_t, 256> kByteKinds = [] {
  std::array<std::uint8_t, 256> kinds{};
  for (const char c : std::string_view(" \t\n\r")) kinds[static_cast<unsigned char>(c)] = kSpace;
  for (unsigned c = 0; c < 256; ++c) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_') kinds[c] = kNameStart;
    if ((kinds[c] & kNameStart) != 0 || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
        c == ':') {
      kinds[c] |= kNameChar;
    }
  }
  return kinds;
}();

bool has_kind(char c, std::uint8_t kind) {
  return (kByteKinds[static_cast<unsigned char>(c)] & kind) != 0;
}
bool is_space(char c) { return has_kind(c, kSpace); }
bool name_start(char c) { return has_kind(c, kNameStart); }
bool name_char(char c) { return has_kind(c, kNameChar); }

// A name (NCName or prefix:NCName, ASCII only) from `p`: its end, `e` when
// it may go on past the bytes there, nullptr when it is not a name we take.
const char* scan_qname(const char* p, const char* e) {
  if (p == e) return e;
  if (!name_start(*p)) return nullptr;
  const char* colon = nullptr;
  const char* q = p + 1;
  for (; q < e && name_char(*q); ++q) {
    if (*q != ':') continue;
    if (colon != nullptr || q + 1 == e) return q + 1 == e ? e : nullptr;
    if (!name_start(q[1])) return nullptr;
    colon = q;
  }
  return q;
}

std::pair<std::string_view, std::string_view> split_qname(std::string_view qname) {
  const std::size_t colon = qname.find(':');
  if (colon == std::string_view::npos) return {{}, qname};
  return {qname.substr(0, colon), qname.substr(colon + 1)};
}

// Past the plain text from `p`: ASCII from the space up (0x7F included) but '<', '&' and ']',
// which needs no check one byte at a time. Sixteen bytes are looked at
// together (text is most of a payment file's bytes); the rest, and whatever
// is not plain, is left to the caller. `spaces_only` turns false at the first
// plain byte that is not a space.
const unsigned char* past_plain_text(const unsigned char* p, const unsigned char* e,
                                     bool& spaces_only) {
#if defined(__SSE2__)
  const __m128i space = _mm_set1_epi8(' ');
  const __m128i less_than = _mm_set1_epi8('<');
  const __m128i ampersand = _mm_set1_epi8('&');
  const __m128i bracket = _mm_set1_epi8(']');
  while (e - p >= 16) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    // Signed: the bytes of multi-byte characters (0x80 and above) are below ' ' too.
    const __m128i special = _mm_or_si128(
        _mm_or_si128(_mm_cmplt_epi8(bytes, space), _mm_cmpeq_epi8(bytes, less_than)),
        _mm_or_si128(_mm_cmpeq_epi8(bytes, ampersand), _mm_cmpeq_epi8(bytes, bracket)));
    const auto stops = static_cast<unsigned>(_mm_movemask_epi8(special));
    const int plain = stops == 0 ? 16 : std::countr_zero(stops);
    if (spaces_only) {
      const auto spaces = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, space)));
      const unsigned wanted = (1U << plain) - 1;
      if ((spaces & wanted) != wanted) spaces_only = false;
    }
    p += plain;
    if (stops != 0) break;
  }
#else
  (void)e;
  (void)spaces_only;
#endif
  return p;
}

// The length of the UTF-8 sequence at `p` when it is an XML 1.0 Char; 0 when
// it is not; -1 when it is well-formed so far but cut by `e`.
int xml_char_length(const unsigned char* p, const unsigned char* e) {
  const unsigned char c = p[0];
  if (c < 0x80) return (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') ? 1 : 0;
  return starts_with_fffe_or_ffff(p, e) ? 0 : utf8_sequence_length(p, e);
}

bool is_xml_char(char32_t c) {
  return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
         (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

// The character a reference (`ref`: between '&' and ';') stands for; 0 when
// it is not one of the five predefined entities or a valid character reference.
char32_t referenced(std::string_view ref) {
  if (ref == "lt") return '<';
  if (ref == "gt") return '>';
  if (ref == "amp") return '&';
  if (ref == "quot") return '"';
  if (ref == "apos") return '\'';
  if (ref.size() < 2 || ref[0] != '#') return 0;
  const bool hex = ref[1] == 'x';
  const std::string_view digits = ref.substr(hex ? 2 : 1);
  if (digits.empty() || digits.size() > 8) return 0;
  char32_t value = 0;
  for (const char d : digits) {
    unsigned v = 0;
    if (d >= '0' && d <= '9') {
      v = static_cast<unsigned>(d - '0');
    } else if (hex && d >= 'a' && d <= 'f') {
      v = static_cast<unsigned>(d - 'a' + 10);
    } else if (hex && d >= 'A' && d <= 'F') {
      v = static_cast<unsigned>(d - 'A' + 10);
    } else {
      return 0;
    }
    value = value * (hex ? 16 : 10) + v;
  }
  return is_xml_char(value) ? value : 0;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return (x >= 'a' && x <= 'z' ? x - 32 : x) == (y >= 'a' && y <= 'z' ? y - 32 : y);
         });
}

// `<?xml ... ?>` (without the `<?xml` and `?>`): version 1.0, then
// optionally encoding UTF-8, then optionally standalone, in that order.
bool plain_declaration(std::string_view d) {
  static constexpr std::string_view kNames[] = {"version", "encoding", "standalone"};
  std::size_t next_name = 0;
  std::size_t i = 0;
  while (true) {
    const std::size_t spaces = i;
    while (i < d.size() && is_space(d[i])) ++i;
    if (i == d.size()) return next_name > 0;
    if (i == spaces) return false;
    const std::size_t name_end = d.find_first_of(" \t\r\n=", i);
    if (name_end == std::string_view::npos) return false;
    const std::string_view name = d.substr(i, name_end - i);
    while (next_name < std::size(kNames) && kNames[next_name] != name) {
      if (next_name == 0) return false;  // version comes first
      ++next_name;
    }
    if (next_name == std::size(kNames)) return false;
    i = name_end;
    while (i < d.size() && is_space(d[i])) ++i;
    if (i == d.size() || d[i] != '=') return false;
    ++i;
    while (i < d.size() && is_space(d[i])) ++i;
    if (i == d.size() || (d[i] != '"' && d[i] != '\'')) return false;
    const std::size_t close = d.find(d[i], i + 1);
    if (close == std::string_view::npos) return false;
    const std::string_view value = d.substr(i + 1, close - i - 1);
    if (next_name == 0 && value != "1.0") return false;
    if (next_name == 1 && !equals_ignoring_case(value, "UTF-8")) return false;
    if (next_name == 2 && value != "yes" && value != "no") return false;
    ++next_name;
    i = close + 1;
  }
}

// xsi:schemaLocation as pairs of plain URIs, or xsi:noNamespaceSchemaLocation
// as one: Xerces checks their form (an odd count of schemaLocation's words is
// an error) even though it loads nothing they name.
bool plain_schema_location(std::string_view name, std::string_view value) {
  std::size_t words = 0;
  std::size_t at = 0;
  while (at < value.size()) {
    const std::size_t end = std::min(value.find(' ', at), value.size());
    const std::string_view word = value.substr(at, end - at);
    const bool plain = !word.empty() && std::all_of(word.begin(), word.end(), [](char c) {
      return name_char(c) || c == '/';
    });
    if (!plain) return false;
    ++words;
    at = end + 1;
  }
  if (name == "schemaLocation") return words > 0 && words % 2 == 0;
  return name == "noNamespaceSchemaLocation" && words == 1;
}

}  // namespace

PlainXmlScanner::PlainXmlScanner(Read read, std::size_t buffer_bytes)
    : read_(std::move(read)), buffer_(buffer_bytes, '\0') {}

PlainXmlScanner::Step PlainXmlScanner::give_up(std::string_view why) {
  reason_ = why;
  where_ = Where::kFinished;
  return Step::kGiveUp;
}

bool PlainXmlScanner::refill() {
  if (eof_) return false;
  if (begin_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (end_ == buffer_.size()) return false;  // one token fills the buffer
  // The unfinished token is scanned again from its start: read until it has
  // at least doubled, so that a body arriving in small pieces costs linear
  // time, not a rescan per piece.
  const std::size_t wanted = std::min(buffer_.size(), std::max<std::size_t>(2 * end_, 4096));
  while (end_ < wanted) {
    const std::size_t got = read_(buffer_.data() + end_, buffer_.size() - end_);
    if (got == 0) {
      eof_ = true;
      break;
    }
    end_ += got;
  }
  return true;
}

PlainXmlScanner::Event PlainXmlScanner::next() {
  if (pending_end_) {
    pending_end_ = false;
    pop_open();
    return Event::kEnd;
  }
  while (true) {
    Step step = Step::kGiveUp;
    switch (where_) {
      case Where::kProlog:
        step = prolog();
        break;
      case Where::kContent:
        step = content();
        break;
      case Where::kEpilog:
        step = epilog();
        break;
      case Where::kFinished:
        return reason_.empty() ? Event::kDone : Event::kGiveUp;
    }
    if (step == Step::kGiveUp) return Event::kGiveUp;
    if (step == Step::kEvent) return last_;
    if (!refill()) {
      if (where_ == Where::kEpilog && eof_ && begin_ == end_) {
        where_ = Where::kFinished;
        return Event::kDone;
      }
      give_up(eof_ ? "the document ends early" : "a token longer than the buffer");
      return Event::kGiveUp;
    }
  }
}

PlainXmlScanner::Step PlainXmlScanner::prolog() {
  const char* b = buffer_.data();
  std::size_t at = begin_;
  if (!declaration_seen_) {
    if (end_ - at < 64 && !eof_) return Step::kMore;
    if (end_ - at >= 3 && std::memcmp(b + at, "\xEF\xBB\xBF", 3) == 0) at += 3;
    if (end_ - at >= 5 && std::memcmp(b + at, "<?xml", 5) == 0) {
      const std::string_view rest(b + at + 5, end_ - at - 5);
      const std::size_t close = rest.find("?>");
      if (close == std::string_view::npos) return Step::kMore;
      if (!plain_declaration(rest.substr(0, close))) return give_up("an XML declaration");
      at += 5 + close + 2;
    }
    declaration_seen_ = true;
    begin_ = at;
  }
  while (at < end_ && is_space(b[at])) ++at;
  begin_ = at;
  if (end_ - at < 2) return Step::kMore;
  if (b[at] != '<' || !name_start(b[at + 1])) return give_up("before the root element");
  const Step step = start_tag(at);
  if (step == Step::kEvent) where_ = Where::kContent;
  return step;
}

PlainXmlScanner::Step PlainXmlScanner::content() {
  const char* b = buffer_.data();
  const std::size_t at = begin_;
  if (at == end_) return Step::kMore;
  if (b[at] != '<') return text(at);
  if (end_ - at < 2) return Step::kMore;
  if (b[at + 1] == '/') return end_tag(at);
  if (!name_start(b[at + 1])) return give_up("markup other than elements and text");
  return start_tag(at);
}

PlainXmlScanner::Step PlainXmlScanner::epilog() {
  const char* b = buffer_.data();
  while (begin_ < end_ && is_space(b[begin_])) ++begin_;
  if (begin_ < end_) return give_up("after the root element");
  return Step::kMore;  // the end of the document, or more whitespace
}

PlainXmlScanner::Step PlainXmlScanner::start_tag(std::size_t at) {
  const char* b = buffer_.data();
  const char* e = b + end_;
  const char* p = b + at + 1;
  const char* name_end = scan_qname(p, e);
  if (name_end == nullptr) return give_up("an element name");
  if (name_end == e) return Step::kMore;
  const std::string_view qname(p, static_cast<std::size_t>(name_end - p));
  p = name_end;
  raw_.clear();
  bool empty = false;
  while (true) {
    const char* spaces = p;
    while (p < e && is_space(*p)) ++p;
    if (p == e) return Step::kMore;
    if (*p == '>') {
      ++p;
      break;
    }
    if (*p == '/') {
      if (p + 1 == e) return Step::kMore;
      if (p[1] != '>') return give_up("a start tag");
      p += 2;
      empty = true;
      break;
    }
    if (p == spaces) return give_up("attributes without space between them");
    const char* attr_end = scan_qname(p, e);
    if (attr_end == nullptr) return give_up("an attribute name");
    if (attr_end == e) return Step::kMore;
    const std::string_view attr(p, static_cast<std::size_t>(attr_end - p));
    p = attr_end;
    while (p < e && is_space(*p)) ++p;
    if (p == e) return Step::kMore;
    if (*p != '=') return give_up("an attribute without a value");
    ++p;
    while (p < e && is_space(*p)) ++p;
    if (p == e) return Step::kMore;
    if (*p != '"' && *p != '\'') return give_up("an unquoted attribute value");
    const char* close =
        static_cast<const char*>(std::memchr(p + 1, *p, static_cast<std::size_t>(e - p - 1)));
    if (close == nullptr) return Step::kMore;
    const std::string_view value(p + 1, static_cast<std::size_t>(close - p - 1));
    const auto* u = reinterpret_cast<const unsigned char*>(value.data());
    const auto* u_end = u + value.size();
    while (u < u_end) {
      if (*u == '<' || *u == '&' || *u == '\t' || *u == '\n' || *u == '\r') {
        return give_up("an attribute value XML would change or refuse");
      }
      const int length = xml_char_length(u, u_end);
      if (length <= 0) return give_up("a character that is not XML");
      u += length;
    }
    if (raw_.size() == kMaxAttributes) return give_up("too many attributes");
    for (const auto& [other, ignored] : raw_) {
      if (other == attr) return give_up("a repeated attribute");
    }
    raw_.push_back({attr, value});
    p = close + 1;
  }

  // Namespaces first: the element's own declarations are in scope on it.
  const std::size_t bindings_before = bindings_.size();
  const std::size_t depth = open_.size();
  for (const auto& [attr, value] : raw_) {
    if (attr == "xmlns") {
      if (value == kXmlNamespace || value == kXmlnsNamespace)
        return give_up("a reserved namespace");
      bindings_.push_back({"", std::string(value), depth});
    } else if (attr.substr(0, 6) == "xmlns:") {
      const std::string_view prefix = attr.substr(6);
      if (prefix == "xml" || prefix == "xmlns" || value.empty() || value == kXmlNamespace ||
          value == kXmlnsNamespace) {
        return give_up("a reserved or empty namespace declaration");
      }
      bindings_.push_back({std::string(prefix), std::string(value), depth});
    }
  }
  declared_.clear();
  for (std::size_t i = bindings_before; i < bindings_.size(); ++i) {
    declared_.push_back({bindings_[i].prefix, bindings_[i].uri});
  }
  const auto [prefix, local] = split_qname(qname);
  if (prefix == "xmlns" || prefix == "xml") return give_up("a reserved prefix on an element");
  const std::string_view uri = lookup(prefix);
  if (!prefix.empty() && uri.empty()) return give_up("an undeclared prefix");
  attributes_.clear();
  schema_location_ = false;
  for (const auto& [attr, value] : raw_) {
    if (attr == "xmlns" || attr.substr(0, 6) == "xmlns:") continue;
    const auto [attr_prefix, attr_local] = split_qname(attr);
    if (attr_prefix.empty()) {
      attributes_.push_back({attr_local, value});
      continue;
    }
    // One at most: two prefixes of one namespace could name the same attribute twice.
    if (!schema_location_ && lookup(attr_prefix) == kXsiNamespace &&
        plain_schema_location(attr_local, value)) {
      schema_location_ = true;
      continue;
    }
    return give_up("a prefixed attribute");
  }
  open_.push_back({open_names_.size(), bindings_before});
  open_names_.insert(open_names_.end(), qname.begin(), qname.end());
  uri_ = uri;
  local_ = local;
  pending_end_ = empty;
  begin_ = static_cast<std::size_t>(p - b);
  last_ = Event::kStart;
  return Step::kEvent;
}

void PlainXmlScanner::pop_open() {
  const Open& top = open_.back();
  if (bindings_.size() > top.bindings) bindings_.resize(top.bindings);
  open_names_.resize(top.name_start);
  open_.pop_back();
  if (open_.empty()) where_ = Where::kEpilog;
}

std::string_view PlainXmlScanner::lookup(std::string_view prefix) const {
  for (auto it = bindings_.rbegin(); it != bindings_.rend(); ++it) {
    if (it->prefix == prefix) return it->uri;
  }
  return {};
}

PlainXmlScanner::Step PlainXmlScanner::end_tag(std::size_t at) {
  const char* b = buffer_.data();
  const char* e = b + end_;
  const char* p = b + at + 2;
  const char* name_end = scan_qname(p, e);
  if (name_end == nullptr) return give_up("an end tag");
  if (name_end == e) return Step::kMore;
  const std::string_view qname(p, static_cast<std::size_t>(name_end - p));
  p = name_end;
  while (p < e && is_space(*p)) ++p;
  if (p == e) return Step::kMore;
  if (*p != '>') return give_up("an end tag");
  const std::size_t start = open_.back().name_start;
  if (qname != std::string_view(open_names_.data() + start, open_names_.size() - start)) {
    return give_up("an end tag that does not match its start tag");
  }
  pop_open();
  begin_ = static_cast<std::size_t>(p + 1 - b);
  last_ = Event::kEnd;
  return Step::kEvent;
}

PlainXmlScanner::Step PlainXmlScanner::text(std::size_t at) {
  const char* b = buffer_.data();
  const auto* p = reinterpret_cast<const unsigned char*>(b + at);
  const auto* e = reinterpret_cast<const unsigned char*>(b + end_);
  const auto* copied_to = p;  // decoded_ holds the text up to here
  whitespace_ = true;
  referenced_ = false;
  carriage_return_ = false;
  decoded_.clear();
  while (p < e) {
    p = past_plain_text(p, e, whitespace_);
    if (p == e) break;
    const unsigned char c = *p;
    if (c == '<') break;
    if (c == '&') {
      const auto* semicolon = static_cast<const unsigned char*>(std::memchr(
          p + 1, ';', static_cast<std::size_t>(std::min<std::ptrdiff_t>(e - p - 1, 12))));
      if (semicolon == nullptr) {
        if (e - p < 13) return Step::kMore;
        return give_up("an entity reference");
      }
      const char32_t value = referenced(std::string_view(
          reinterpret_cast<const char*>(p + 1), static_cast<std::size_t>(semicolon - p - 1)));
      if (value == 0) return give_up("an entity reference");
      decoded_.append(reinterpret_cast<const char*>(copied_to),
                      static_cast<std::size_t>(p - copied_to));
      append_utf8(decoded_, value);
      referenced_ = true;
      whitespace_ = false;
      p = semicolon + 1;
      copied_to = p;
      continue;
    }
    if (c == ']') {
      if (e - p < 3) return Step::kMore;
      if (p[1] == ']' && p[2] == '>') return give_up("]]> in text");
      whitespace_ = false;
      ++p;
      continue;
    }
    if (c < 0x80) {
      if (c == '\r') {
        carriage_return_ = true;
      } else if (c < 0x20 && c != '\t' && c != '\n') {
        return give_up("a control character");
      } else if (c != ' ' && c != '\t' && c != '\n') {
        whitespace_ = false;
      }
      ++p;
      continue;
    }
    const int length = xml_char_length(p, e);
    if (length < 0) return Step::kMore;
    if (length == 0) return give_up("a character that is not XML");
    whitespace_ = false;
    p += length;
  }
  if (p == e) return Step::kMore;  // the text goes on, or the document ends inside an element
  const std::string_view written(
      b + at, static_cast<std::size_t>(reinterpret_cast<const char*>(p) - (b + at)));
  if (referenced_) {
    decoded_.append(reinterpret_cast<const char*>(copied_to),
                    static_cast<std::size_t>(p - copied_to));
    text_ = decoded_;
  } else {
    text_ = written;
  }
  begin_ = at + written.size();
  last_ = Event::kText;
  return Step::kEvent;
}

}  // namespace gw::xml
