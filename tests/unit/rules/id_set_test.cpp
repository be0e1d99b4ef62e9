#include "rules/id_set.h"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <string>
#include <unordered_set>

using gw::rules::IdSet;

TEST_CASE("an id set says whether an id was there before") {
  IdSet ids;
  CHECK_FALSE(ids.contains("E2E-1"));
  CHECK(ids.insert("E2E-1"));
  CHECK_FALSE(ids.insert("E2E-1"));
  CHECK(ids.insert("E2E-10"));  // a prefix is not the same id
  CHECK(ids.insert(""));
  CHECK_FALSE(ids.insert(""));
  CHECK(ids.contains("E2E-1"));
  CHECK_FALSE(ids.contains("E2E-2"));
  CHECK(ids.size() == 3);
}

TEST_CASE("an id set agrees with std::unordered_set over 50,000 ids, growing from empty") {
  IdSet ids;
  std::unordered_set<std::string> reference;
  for (int i = 0; i < 50'000; ++i) {
    // Every seventh id repeats an earlier one.
    const std::string id = fmt::format("SAL-2026-11-{:06}", i % 7 == 6 ? i / 3 : i);
    REQUIRE(ids.insert(id) == reference.insert(id).second);
  }
  CHECK(ids.size() == reference.size());
  for (const auto& id : reference) REQUIRE(ids.contains(id));
  CHECK_FALSE(ids.contains("SAL-2026-11-999999"));
}

TEST_CASE("absorbing another set finds an id in both, except the one to skip") {
  IdSet first;
  IdSet second;
  first.reserve(4);
  for (const char* id : {"B1", "B2"}) REQUIRE(first.insert(id));
  for (const char* id : {"B2", "B3", "B4"}) REQUIRE(second.insert(id));
  IdSet joined = first;
  CHECK(joined.absorb(second, "B2"));  // B2: the block the second chunk began inside
  CHECK(joined.size() == 4);
  for (const char* id : {"B1", "B2", "B3", "B4"}) CHECK(joined.contains(id));
  IdSet again = first;
  CHECK_FALSE(again.absorb(second));  // B2 in both, not skipped
}

TEST_CASE("a set shares an id with another, or not, without changing") {
  IdSet first;
  IdSet second;
  for (const char* id : {"B1", "B2"}) REQUIRE(first.insert(id));
  for (const char* id : {"B2", "B3", "B4"}) REQUIRE(second.insert(id));
  CHECK(first.shares_any(second));
  CHECK_FALSE(first.shares_any(second, "B2"));
  CHECK(first.size() == 2);
  CHECK_FALSE(first.contains("B3"));
  CHECK_FALSE(IdSet().shares_any(second));
  CHECK_FALSE(first.shares_any(IdSet()));
}
