#include "xml/content_automaton.h"

#include <doctest/doctest.h>

#include <vector>

using gw::xml::ContentAutomaton;
using gw::xml::ContentParticle;
using Kind = ContentParticle::Kind;

namespace {

ContentParticle element(std::size_t symbol, std::size_t min = 1, std::size_t max = 1,
                        bool unbounded = false) {
  ContentParticle p;
  p.kind = Kind::kElement;
  p.symbol = symbol;
  p.min_occurs = min;
  p.max_occurs = max;
  p.unbounded = unbounded;
  return p;
}

ContentParticle group(Kind kind, std::vector<ContentParticle> parts, std::size_t min = 1,
                      std::size_t max = 1) {
  ContentParticle p;
  p.kind = kind;
  p.parts = std::move(parts);
  p.min_occurs = min;
  p.max_occurs = max;
  return p;
}

bool accepts(const ContentAutomaton& a, const std::vector<std::size_t>& children) {
  std::int32_t state = a.start();
  for (const std::size_t c : children) {
    state = a.step(state, c);
    if (state == ContentAutomaton::kRefused) return false;
  }
  return a.accepts(state);
}

}  // namespace

TEST_CASE("a sequence with optional, bounded and unbounded parts") {
  // (0, 1?, 2{2,3}, 3*)
  const auto a = ContentAutomaton::compile(
      group(Kind::kSequence, {element(0), element(1, 0), element(2, 2, 3), element(3, 0, 1, true)}),
      4);
  REQUIRE(a);
  CHECK(accepts(*a, {0, 2, 2}));
  CHECK(accepts(*a, {0, 1, 2, 2, 2, 3, 3, 3}));
  CHECK_FALSE(accepts(*a, {}));
  CHECK_FALSE(accepts(*a, {0, 2}));
  CHECK_FALSE(accepts(*a, {0, 2, 2, 2, 2}));
  CHECK_FALSE(accepts(*a, {0, 1, 1, 2, 2}));
  CHECK_FALSE(accepts(*a, {2, 2, 0}));
  CHECK_FALSE(accepts(*a, {0, 2, 2, 3, 1}));
}

TEST_CASE("a choice, optional, inside a sequence") {
  // (0, (1 | 2)?, 3)
  const auto a = ContentAutomaton::compile(
      group(Kind::kSequence,
            {element(0), group(Kind::kChoice, {element(1), element(2)}, 0, 1), element(3)}),
      4);
  REQUIRE(a);
  CHECK(accepts(*a, {0, 3}));
  CHECK(accepts(*a, {0, 1, 3}));
  CHECK(accepts(*a, {0, 2, 3}));
  CHECK_FALSE(accepts(*a, {0, 1, 2, 3}));
  CHECK_FALSE(accepts(*a, {0, 1}));
}

TEST_CASE("models too large to unroll, or naming unknown symbols, are not compiled") {
  CHECK_FALSE(ContentAutomaton::compile(element(0, 0, 1'000'000), 1));
  CHECK_FALSE(ContentAutomaton::compile(element(5), 2));
  // An empty sequence takes nothing.
  const auto empty = ContentAutomaton::compile(group(Kind::kSequence, {}), 1);
  REQUIRE(empty);
  CHECK(accepts(*empty, {}));
  CHECK_FALSE(accepts(*empty, {0}));
}
