#include "xml/xsd_pattern.h"

#include <algorithm>
#include <bit>
#include <limits>
#include <memory>

namespace gw::xml {
namespace {

constexpr char32_t kMaxCodePoint = 0x10FFFF;
constexpr std::size_t kMaxPositions = 64;
constexpr int kUnbounded = -1;
constexpr int kMaxCount = 1000;  // a {n,m} beyond this is not ours to expand

using CodePointSet = XsdPattern::CodePointSet;

std::size_t lowest_bit(std::uint64_t set) {
  return static_cast<std::size_t>(std::countr_zero(set));
}

CodePointSet normalized(CodePointSet set) {
  std::sort(set.begin(), set.end());
  CodePointSet out;
  for (const auto& r : set) {
    if (!out.empty() && r.first <= out.back().second + 1) {
      out.back().second = std::max(out.back().second, r.second);
    } else {
      out.push_back(r);
    }
  }
  return out;
}

CodePointSet complement(const CodePointSet& set) {
  CodePointSet out;
  char32_t next = 0;
  for (const auto& [low, high] : set) {
    if (low > next) out.emplace_back(next, low - 1);
    next = high + 1;
  }
  if (next <= kMaxCodePoint) out.emplace_back(next, kMaxCodePoint);
  return out;
}

bool contains(const CodePointSet& set, char32_t c) {
  for (const auto& [low, high] : set) {
    if (c < low) return false;
    if (c <= high) return true;
  }
  return false;
}

const CodePointSet& whitespace() {  // XML Schema \s: space, tab, newline, carriage return
  static const CodePointSet set = normalized({{0x20, 0x20}, {0x9, 0x9}, {0xA, 0xA}, {0xD, 0xD}});
  return set;
}

// The expression tree of a pattern; leaves are character classes.
struct Node {
  enum class Kind {
    kClass,
    kSequence,
    kChoice,
    kRepeat
  } kind = Kind::kSequence;                  // empty: no parts
  CodePointSet set;                          // kClass
  std::vector<std::unique_ptr<Node>> parts;  // kSequence, kChoice; kRepeat: one
  int min = 1;
  int max = 1;  // kUnbounded for * and +
};

using NodePtr = std::unique_ptr<Node>;

// The code point at `at` of well-formed UTF-8, `at` moved past it; nothing
// when the value ends inside it.
std::optional<char32_t> next_code_point(std::string_view value, std::size_t& at) {
  const auto lead = static_cast<unsigned char>(value[at]);
  char32_t c = lead;
  std::size_t length = 1;
  if (lead >= 0xF0) {
    c = lead & 0x07u;
    length = 4;
  } else if (lead >= 0xE0) {
    c = lead & 0x0Fu;
    length = 3;
  } else if (lead >= 0xC0) {
    c = lead & 0x1Fu;
    length = 2;
  }
  if (at + length > value.size()) return std::nullopt;
  for (std::size_t k = 1; k < length; ++k) {
    c = (c << 6) | (static_cast<unsigned char>(value[at + k]) & 0x3Fu);
  }
  at += length;
  return c;
}

NodePtr make(Node::Kind kind) {
  auto n = std::make_unique<Node>();
  n->kind = kind;
  return n;
}

// Recursive descent over the pattern; every method returns nothing when the
// pattern uses something outside the compiled subset.
class Parser {
 public:
  explicit Parser(std::u16string_view text) : text_(text) {}

  NodePtr parse() {
    auto root = choice();
    if (!root || at_ != text_.size()) return nullptr;
    return root;
  }

 private:
  bool done() const { return at_ >= text_.size(); }
  char16_t peek() const { return text_[at_]; }

  NodePtr choice() {
    auto first = sequence();
    if (!first) return nullptr;
    if (done() || peek() != u'|') return first;
    auto node = make(Node::Kind::kChoice);
    node->parts.push_back(std::move(first));
    while (!done() && peek() == u'|') {
      ++at_;
      auto next = sequence();
      if (!next) return nullptr;
      node->parts.push_back(std::move(next));
    }
    return node;
  }

  NodePtr sequence() {
    auto node = make(Node::Kind::kSequence);
    while (!done() && peek() != u'|' && peek() != u')') {
      auto piece = quantified();
      if (!piece) return nullptr;
      node->parts.push_back(std::move(piece));
    }
    return node;
  }

  NodePtr quantified() {
    auto a = atom();
    if (!a || done()) return a;
    int min = 1;
    int max = 1;
    switch (peek()) {
      case u'?':
        min = 0;
        max = 1;
        ++at_;
        break;
      case u'*':
        min = 0;
        max = kUnbounded;
        ++at_;
        break;
      case u'+':
        min = 1;
        max = kUnbounded;
        ++at_;
        break;
      case u'{':
        if (!counts(min, max)) return nullptr;
        break;
      default:
        return a;
    }
    auto node = make(Node::Kind::kRepeat);
    node->parts.push_back(std::move(a));
    node->min = min;
    node->max = max;
    return node;
  }

  // {n}, {n,} or {n,m}
  bool counts(int& min, int& max) {
    ++at_;  // '{'
    if (!number(min)) return false;
    max = min;
    if (!done() && peek() == u',') {
      ++at_;
      max = kUnbounded;
      if (!done() && peek() != u'}' && !number(max)) return false;
    }
    if (done() || peek() != u'}') return false;
    ++at_;
    return max == kUnbounded || max >= min;
  }

  bool number(int& out) {
    const std::size_t start = at_;
    out = 0;
    while (!done() && peek() >= u'0' && peek() <= u'9') {
      out = out * 10 + (peek() - u'0');
      if (out > kMaxCount) return false;
      ++at_;
    }
    return at_ > start;
  }

  NodePtr atom() {
    const char16_t c = peek();
    if (c == u'(') {
      ++at_;
      auto inner = choice();
      if (!inner || done() || peek() != u')') return nullptr;
      ++at_;
      return inner;
    }
    CodePointSet set;
    if (c == u'[') {
      if (!char_class(set)) return nullptr;
    } else if (c == u'.') {
      ++at_;
      set = complement(normalized({{'\n', '\n'}, {'\r', '\r'}}));
    } else if (c == u'\\') {
      if (!escape(set)) return nullptr;
    } else if (is_meta(c)) {
      return nullptr;
    } else {
      char32_t cp = 0;
      if (!code_point(cp)) return nullptr;
      set = {{cp, cp}};
    }
    auto leaf = make(Node::Kind::kClass);
    leaf->set = std::move(set);
    return leaf;
  }

  static bool is_meta(char16_t c) {
    // '^' and '$' are plain characters in XML Schema, but not in every engine: left to Xerces.
    return std::u16string_view(u"?*+{}()|[]^$").find(c) != std::u16string_view::npos;
  }

  // One character of the pattern (a surrogate pair as one code point).
  bool code_point(char32_t& out) {
    const char16_t c = peek();
    ++at_;
    if (c < 0xD800 || c > 0xDFFF) {
      out = c;
      return true;
    }
    if (c > 0xDBFF || done() || peek() < 0xDC00 || peek() > 0xDFFF) return false;
    out = 0x10000 + ((static_cast<char32_t>(c) - 0xD800) << 10) + (peek() - 0xDC00);
    ++at_;
    return true;
  }

  // \n \r \t, an escaped metacharacter, \s or \S; at the backslash.
  bool escape(CodePointSet& out) {
    ++at_;
    if (done()) return false;
    const char16_t c = peek();
    ++at_;
    switch (c) {
      case u'n':
        out = {{'\n', '\n'}};
        return true;
      case u'r':
        out = {{'\r', '\r'}};
        return true;
      case u't':
        out = {{'\t', '\t'}};
        return true;
      case u's':
        out = whitespace();
        return true;
      case u'S':
        out = complement(whitespace());
        return true;
      default:
        if (std::u16string_view(u"\\|.-^?*+{}()[]").find(c) == std::u16string_view::npos) {
          return false;  // \d \w \i \c \p{..} and the rest
        }
        out = {{c, c}};
        return true;
    }
  }

  // [...] or [^...]; at the '['.
  bool char_class(CodePointSet& out) {
    ++at_;
    bool negated = false;
    if (!done() && peek() == u'^') {
      negated = true;
      ++at_;
    }
    CodePointSet members;
    bool first = true;
    while (!done() && peek() != u']') {
      if (peek() == u'[') return false;
      // A plain '-' only first or last in the class; anywhere else Xerces decides.
      if (peek() == u'-' && !first && at_ + 1 < text_.size() && text_[at_ + 1] != u']') {
        return false;
      }
      first = false;
      if (peek() == u'-' && at_ + 1 < text_.size() && text_[at_ + 1] == u'[') {
        return false;  // subtraction
      }
      CodePointSet single;
      char32_t low = 0;
      if (peek() == u'\\') {
        if (!escape(single)) return false;
        if (single.size() != 1 || single[0].first != single[0].second) {
          members.insert(members.end(), single.begin(), single.end());  // \s or \S
          continue;
        }
        low = single[0].first;
      } else if (!code_point(low)) {
        return false;
      }
      char32_t high = low;
      if (!done() && peek() == u'-' && at_ + 1 < text_.size() && text_[at_ + 1] != u']') {
        ++at_;
        if (peek() == u'[') return false;
        if (peek() == u'\\') {
          if (!escape(single) || single.size() != 1 || single[0].first != single[0].second) {
            return false;
          }
          high = single[0].first;
        } else if (!code_point(high)) {
          return false;
        }
        if (high < low) return false;
      }
      members.emplace_back(low, high);
    }
    if (done() || members.empty()) return false;
    ++at_;  // ']'
    members = normalized(std::move(members));
    out = negated ? complement(members) : std::move(members);
    return true;
  }

  std::u16string_view text_;
  std::size_t at_ = 0;
};

}  // namespace

// Lays the tree out as positions (one per class leaf, repeats expanded) and
// computes the automaton's first, last, follow and nullable sets.
class XsdPatternCompiler {
 public:
  explicit XsdPatternCompiler(XsdPattern& out) : out_(out) {}

  struct Fragment {
    std::uint64_t first = 0;
    std::uint64_t last = 0;
    bool nullable = true;
  };

  bool emit(const Node& node, Fragment& out) {
    switch (node.kind) {
      case Node::Kind::kClass:
        return leaf(node.set, out);
      case Node::Kind::kSequence: {
        out = {};
        for (const auto& part : node.parts) {
          Fragment next;
          if (!emit(*part, next)) return false;
          out = then(out, next);
        }
        return true;
      }
      case Node::Kind::kChoice: {
        out = {0, 0, false};
        for (const auto& part : node.parts) {
          Fragment next;
          if (!emit(*part, next)) return false;
          out = {out.first | next.first, out.last | next.last, out.nullable || next.nullable};
        }
        return true;
      }
      case Node::Kind::kRepeat:
        return repeat(*node.parts.front(), node.min, node.max, out);
    }
    return false;
  }

  // The class a pattern repeats, and how often, when it is nothing else.
  static std::optional<XsdPattern::CountedClass> counted_class(const Node& root) {
    const auto unwrapped = [](const Node* node) {
      while (node->kind == Node::Kind::kSequence && node->parts.size() == 1) {
        node = node->parts.front().get();
      }
      return node;
    };
    const Node* node = unwrapped(&root);
    std::size_t min = 1;
    std::size_t max = 1;
    if (node->kind == Node::Kind::kRepeat) {
      min = static_cast<std::size_t>(node->min);
      max = node->max == kUnbounded ? std::numeric_limits<std::size_t>::max()
                                    : static_cast<std::size_t>(node->max);
      node = unwrapped(node->parts.front().get());
    }
    if (node->kind != Node::Kind::kClass) return std::nullopt;
    XsdPattern::CountedClass out;
    out.set = normalized(node->set);
    out.min = min;
    out.max = max;
    for (unsigned c = 0; c < 128; ++c) {
      if (contains(out.set, c)) out.ascii[c >> 6] |= std::uint64_t{1} << (c & 63);
    }
    return out;
  }

  void finish(const Fragment& whole) {
    out_.first_ = whole.first;
    out_.last_ = whole.last;
    out_.nullable_ = whole.nullable;
    for (char32_t c = 0; c < out_.ascii_.size(); ++c) {
      for (std::size_t k = 0; k < out_.classes_.size(); ++k) {
        if (contains(out_.classes_[k], c)) out_.ascii_[c] |= out_.class_positions_[k];
      }
    }
  }

 private:
  bool leaf(const CodePointSet& set, Fragment& out) {
    if (positions_ == kMaxPositions) return false;
    const std::size_t p = positions_++;
    auto found = std::find(out_.classes_.begin(), out_.classes_.end(), set);
    const auto k = static_cast<std::size_t>(found - out_.classes_.begin());
    if (found == out_.classes_.end()) {
      out_.classes_.push_back(set);
      out_.class_positions_.push_back(0);
    }
    out_.class_positions_[k] |= std::uint64_t{1} << p;
    out = {std::uint64_t{1} << p, std::uint64_t{1} << p, false};
    return true;
  }

  // `a` then `b`.
  Fragment then(const Fragment& a, const Fragment& b) {
    link(a.last, b.first);
    return {a.first | (a.nullable ? b.first : 0), b.last | (b.nullable ? a.last : 0),
            a.nullable && b.nullable};
  }

  void link(std::uint64_t from, std::uint64_t to) {
    for (std::uint64_t s = from; s != 0; s &= s - 1) out_.follow_[lowest_bit(s)] |= to;
  }

  // min copies, then (max - min) optional copies, or one starred copy when unbounded.
  bool repeat(const Node& body, int min, int max, Fragment& out) {
    out = {};
    for (int i = 0; i < min; ++i) {
      Fragment copy;
      if (!emit(body, copy)) return false;
      out = then(out, copy);
    }
    if (max == kUnbounded) {
      Fragment copy;
      if (!emit(body, copy)) return false;
      link(copy.last, copy.first);
      copy.nullable = true;
      out = then(out, copy);
      return true;
    }
    // Nested, X(X(X)?)?, not X?X?X?: the same language, but a deterministic
    // body keeps one position active instead of all of them.
    std::vector<Fragment> copies(static_cast<std::size_t>(max - min));
    for (Fragment& copy : copies) {
      if (!emit(body, copy)) return false;
    }
    Fragment nested;  // empty
    for (auto copy = copies.rbegin(); copy != copies.rend(); ++copy) {
      nested = then(*copy, nested);
      nested.nullable = true;
    }
    out = then(out, nested);
    return true;
  }

  XsdPattern& out_;
  std::size_t positions_ = 0;
};

std::optional<XsdPattern> XsdPattern::compile(std::u16string_view pattern) {
  auto tree = Parser(pattern).parse();
  if (!tree) return std::nullopt;
  XsdPattern compiled;
  XsdPatternCompiler compiler(compiled);
  XsdPatternCompiler::Fragment whole;
  if (!compiler.emit(*tree, whole)) return std::nullopt;
  compiler.finish(whole);
  compiled.counted_ = XsdPatternCompiler::counted_class(*tree);
  return compiled;
}

std::uint64_t XsdPattern::accepting(char32_t c) const {
  if (c < ascii_.size()) return ascii_[c];
  std::uint64_t out = 0;
  for (std::size_t k = 0; k < classes_.size(); ++k) {
    if (contains(classes_[k], c)) out |= class_positions_[k];
  }
  return out;
}

std::uint64_t XsdPattern::step(std::uint64_t state, bool started, char32_t c) const {
  std::uint64_t allowed = started ? 0 : first_;
  for (std::uint64_t s = state; s != 0; s &= s - 1) allowed |= follow_[lowest_bit(s)];
  return allowed & accepting(c);
}

bool XsdPattern::matches(std::u16string_view value) const {
  std::uint64_t state = 0;
  bool started = false;
  for (std::size_t i = 0; i < value.size(); ++i) {
    char32_t c = value[i];
    if (c >= 0xD800 && c <= 0xDBFF && i + 1 < value.size() && value[i + 1] >= 0xDC00 &&
        value[i + 1] <= 0xDFFF) {
      c = 0x10000 + ((c - 0xD800) << 10) + (value[i + 1] - 0xDC00);
      ++i;
    }
    state = step(state, started, c);
    if (state == 0) return false;
    started = true;
  }
  return started ? (state & last_) != 0 : nullable_;
}

bool XsdPattern::matches_utf8(std::string_view value) const {
  if (counted_) return counted_->matches_utf8(value);
  std::uint64_t state = 0;
  bool started = false;
  for (std::size_t i = 0; i < value.size();) {
    const auto c = next_code_point(value, i);
    if (!c) return false;
    state = step(state, started, *c);
    if (state == 0) return false;
    started = true;
  }
  return started ? (state & last_) != 0 : nullable_;
}

bool XsdPattern::CountedClass::matches_utf8(std::string_view value) const {
  std::size_t count = 0;
  for (std::size_t i = 0; i < value.size(); ++count) {
    if (count == max) return false;  // one more than the class may repeat
    const auto byte = static_cast<unsigned char>(value[i]);
    if (byte < 0x80) {
      if (((ascii[byte >> 6] >> (byte & 63)) & 1) == 0) return false;
      ++i;
      continue;
    }
    const auto c = next_code_point(value, i);
    if (!c || !contains(set, *c)) return false;
  }
  return count >= min;
}

}  // namespace gw::xml
