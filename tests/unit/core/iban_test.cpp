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

TEST_CASE("ISO 13616: check digits 02 to 98 only, and the Latvian BBAN format") {
  // The same accounts with the check digits ISO assigns, and with the ones
  // that satisfy mod-97 just as well (00 = 97, 01 = 98, 99 = 02 modulo 97).
  CHECK(is_valid_iban("LV97TREL1060000000088"));
  CHECK_FALSE(is_valid_iban("LV00TREL1060000000088"));
  CHECK(is_valid_iban("LV98TREL1060000000070"));
  CHECK_FALSE(is_valid_iban("LV01TREL1060000000070"));
  CHECK(is_valid_iban("LV02TREL1060000000052"));
  CHECK_FALSE(is_valid_iban("LV99TREL1060000000052"));
  // A Latvian BBAN starts with the bank's four-letter code.
  CHECK_FALSE(is_valid_iban("LV4212345678901234567"));  // mod-97 holds, the bank code does not
  CHECK(is_valid_iban(*make_iban("LV", "HABA0551000000000")));
  CHECK_FALSE(is_valid_iban(*make_iban("LV", "HAB10551000000000")));
}
