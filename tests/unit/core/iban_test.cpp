#include "core/iban.h"

#include <doctest/doctest.h>

using namespace gw;

TEST_CASE("IBAN check digits and country lengths") {
  CHECK(is_valid_iban("LV33TREL1060000300000"));  // a public treasury IBAN
  CHECK(is_valid_iban("LV07TREL5180453053000"));
  CHECK(is_valid_iban("DE89370400440532013000"));
  CHECK_FALSE(is_valid_iban("LV91TREL1060000100000"));  // wrong check digits
  CHECK_FALSE(is_valid_iban("LV12TEST000000000001"));   // 20 characters, Latvia needs 21
  CHECK_FALSE(is_valid_iban("LV33trel1060000300000"));  // lower case
  CHECK_FALSE(is_valid_iban("LV33 TREL 1060 0003 0000 0"));
  CHECK_FALSE(is_valid_iban(""));
}

TEST_CASE("make_iban computes check digits that is_valid_iban accepts") {
  const auto iban = make_iban("LV", "TREL1060000300000");
  REQUIRE(iban.has_value());
  CHECK(*iban == "LV33TREL1060000300000");
  CHECK(is_valid_iban(*make_iban("LV", "TREL1060000300001")));
  CHECK_FALSE(make_iban("LV", "trel-1").has_value());
}
