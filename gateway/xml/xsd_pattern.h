// One XML Schema pattern facet, evaluated natively: the regular expression is
// compiled into a position (Glushkov) automaton of at most 64 positions and
// run bit-parallel over the value's code points, in linear time with no
// recursion and no allocation (Xerces' interpreter recurses once per
// character of a `+` or `{1,35}`, and was a tenth of a large upload's CPU).
//
// Only the part of the syntax our XSDs use is compiled: literal characters,
// escaped metacharacters, \n \r \t \s \S, '.', character classes with ranges,
// negation and those escapes, groups, '|', and the quantifiers ? * + {n} {n,}
// {n,m}. Anything else (\d \w \i \c \p{..}, class subtraction, ^ and $, more
// than 64 positions) is not compiled, and Xerces keeps checking that pattern.
// A pattern that is one class repeated ([0-9]{1,15}, [^\t\n\r]+: most of our
// codes and every free text) is matched in UTF-8 by a table lookup per
// character and a count, without the automaton.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace gw::xml {

class XsdPattern {
 public:
  static std::optional<XsdPattern> compile(std::u16string_view pattern);

  // Whether the whole value matches (XML Schema patterns are anchored).
  bool matches(std::u16string_view value) const;
  // The same for a value in UTF-8, which must be well-formed (checked before).
  bool matches_utf8(std::string_view value) const;

  // A set of code points as sorted, disjoint, inclusive ranges.
  using CodePointSet = std::vector<std::pair<char32_t, char32_t>>;

 private:
  friend class XsdPatternCompiler;
  // One class, from `min` to `max` characters of it.
  struct CountedClass {
    std::array<std::uint64_t, 2> ascii{};  // bit c: ASCII character c is in the class
    CodePointSet set;                      // the whole class
    std::size_t min = 0;
    std::size_t max = 0;  // SIZE_MAX: no bound
    bool matches_utf8(std::string_view value) const;
  };

  std::uint64_t accepting(char32_t c) const;
  // The positions after code point `c`, from `state` (nothing read yet: !started).
  std::uint64_t step(std::uint64_t state, bool started, char32_t c) const;

  std::vector<CodePointSet> classes_;           // distinct character classes
  std::vector<std::uint64_t> class_positions_;  // per class: the positions it labels
  std::array<std::uint64_t, 64> follow_{};      // per position: the positions after it
  std::array<std::uint64_t, 128> ascii_{};      // per ASCII character: the positions it fits
  std::uint64_t first_ = 0;
  std::uint64_t last_ = 0;
  bool nullable_ = false;
  std::optional<CountedClass> counted_;  // the pattern is one class repeated
};

}  // namespace gw::xml
