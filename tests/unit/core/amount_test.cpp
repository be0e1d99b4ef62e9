#include "core/amount.h"

#include <doctest/doctest.h>

#include <limits>

using namespace gw;

TEST_CASE("decimal text is parsed exactly into minor units") {
  CHECK(parse_decimal("123.45", 2) == 12345);
  CHECK(parse_decimal("123.4", 2) == 12340);
  CHECK(parse_decimal("123", 2) == 12300);
  CHECK(parse_decimal("0.10", 2) == 10);
  CHECK(parse_decimal("1.500", 2) == 150);  // trailing zeros beyond the scale are fine
  CHECK(parse_decimal("88518698.52", 2) == 8851869852);
  CHECK_FALSE(parse_decimal("1.005", 2).has_value());  // more precision than the currency has
  CHECK_FALSE(parse_decimal("-1", 2).has_value());
  CHECK_FALSE(parse_decimal("1e3", 2).has_value());
  // xs:decimal's other forms, which our XSDs pass.
  CHECK(parse_decimal("1.", 2) == 100);
  CHECK(parse_decimal(".5", 2) == 50);
  CHECK(parse_decimal("+15.9", 2) == 1590);
  CHECK(parse_decimal(" 7.00\n", 2) == 700);
  CHECK_FALSE(parse_decimal("+", 2).has_value());
  CHECK_FALSE(parse_decimal("++1", 2).has_value());
  CHECK_FALSE(parse_decimal("+-1", 2).has_value());
  CHECK_FALSE(parse_decimal(" ", 2).has_value());
  CHECK_FALSE(parse_decimal(".", 2).has_value());
  CHECK_FALSE(parse_decimal("", 2).has_value());
  CHECK_FALSE(parse_decimal("1.2.3", 2).has_value());
  CHECK_FALSE(parse_decimal("99999999999999999999", 2).has_value());  // overflow
}

TEST_CASE("decimals are counted without trailing zeros and formatted back") {
  CHECK(significant_decimals("1.50") == 1);
  CHECK(significant_decimals("1.005") == 3);
  CHECK(significant_decimals("100") == 0);
  CHECK(format_decimal(12345, 2) == "123.45");
  CHECK(format_decimal(5, 2) == "0.05");
  CHECK(format_decimal(7, 0) == "7");
  // Negative amounts (a debit on a statement page): the sign once, in front.
  CHECK(format_decimal(-2550, 2) == "-25.50");
  CHECK(format_decimal(-50, 2) == "-0.50");
  CHECK(format_decimal(-7, 0) == "-7");
  CHECK(format_decimal(std::numeric_limits<std::int64_t>::min(), 2) == "-92233720368547758.08");
}

TEST_CASE("treasury currencies and their exponents") {
  CHECK(treasury_currency_exponent("EUR") == 2);
  CHECK(treasury_currency_exponent("HUF") == 2);
  CHECK(treasury_currency_exponent("BYN") == 2);
  CHECK_FALSE(treasury_currency_exponent("JPY").has_value());
  CHECK_FALSE(treasury_currency_exponent("eur").has_value());
}
