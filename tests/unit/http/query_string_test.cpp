#include "http/query_string.h"

#include <doctest/doctest.h>

using namespace gw::http;

TEST_CASE("query strings: what percent_encode writes reads back as it was") {
  for (const std::string value :
       {"plain-value_1.~", "Rīgas Ūdens", "a&b=c", "100%", "LV33 TREL", "?#/+", ""}) {
    CAPTURE(value);
    const QueryString query("x=" + percent_encode(value) + "&y=2");
    CHECK(query.get("x") == value);
    CHECK(query.get("y") == "2");
  }
  CHECK(percent_encode("a b&c") == "a%20b%26c");
  CHECK(percent_encode("ā") == "%C4%81");
}
