#include "core/person_name.h"

#include <doctest/doctest.h>

using gw::comparable_name;

TEST_CASE("names of one person typed two ways compare equal, other names do not") {
  CHECK(comparable_name("  Anna  KALNIŅA ") == "anna kalniņa");
  CHECK(comparable_name("Anna Kalniņa") == comparable_name("anna\tkalniņa"));
  CHECK(comparable_name("ĀČĒĢĪĶĻŅŠŪŽ") == "āčēģīķļņšūž");
  CHECK(comparable_name("Līga Kalēja") != comparable_name("Līga Kaleja"));
  CHECK(comparable_name("Anna Kalniņa") != comparable_name("Anna Kalniņa-Ozola"));
  CHECK(comparable_name("") == "");
  CHECK(comparable_name("   ") == "");
}
