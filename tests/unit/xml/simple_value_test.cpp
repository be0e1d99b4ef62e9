#include "xml/simple_value.h"

#include <doctest/doctest.h>

using gw::xml::SimpleValue;
using Builtin = SimpleValue::Builtin;

namespace {

bool takes(const SimpleValue& v, std::string_view value) { return v.accepts(value); }

}  // namespace

TEST_CASE("decimal amounts: plain digits only, every digit written counts") {
  SimpleValue amount{Builtin::kDecimal};
  amount.total_digits = 18;
  amount.fraction_digits = 5;
  CHECK(takes(amount, "0"));
  CHECK(takes(amount, "1234.5"));
  CHECK(takes(amount, "0.00001"));
  CHECK(takes(amount, "1234567890123.12345"));
  CHECK_FALSE(takes(amount, "12345678901234.12345"));  // 19 digits
  CHECK_FALSE(takes(amount, "1.123456"));
  CHECK_FALSE(takes(amount, "1.000000"));  // refused here, decided by Xerces
  for (const char* odd : {"", ".5", "5.", "+1", "-1", " 1", "1 ", "1e3", "1,5", "0x1"}) {
    CAPTURE(odd);
    CHECK_FALSE(takes(amount, odd));
  }
  SimpleValue positive{Builtin::kDecimal};
  positive.above_zero = true;
  CHECK(takes(positive, "0.01"));
  CHECK_FALSE(takes(positive, "0.00"));
  CHECK_FALSE(takes(positive, "000"));
}

TEST_CASE("dates and date-times as payment files write them") {
  const SimpleValue date{Builtin::kDate};
  CHECK(takes(date, "2026-12-04"));
  CHECK(takes(date, "2028-02-29"));
  CHECK(takes(date, "2000-02-29"));
  for (const char* odd :
       {"2026-02-29", "1900-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-12-4",
        "0999-01-01", "2026-12-04Z", "2026-12-04+02:00", "20261204", " 2026-12-04"}) {
    CAPTURE(odd);
    CHECK_FALSE(takes(date, odd));
  }
  const SimpleValue date_time{Builtin::kDateTime};
  for (const char* ok :
       {"2026-12-04T10:00:00", "2026-12-04T23:59:59.1234567", "2026-12-04T10:00:00Z",
        "2026-12-04T10:00:00+02:00", "2026-12-04T10:00:00.5-13:59"}) {
    CAPTURE(ok);
    CHECK(takes(date_time, ok));
  }
  for (const char* odd :
       {"2026-12-04T24:00:00", "2026-12-04T10:60:00", "2026-12-04T10:00:60", "2026-12-04T10:00",
        "2026-12-04 10:00:00", "2026-12-04T10:00:00.", "2026-12-04T10:00:00.1234567890",
        "2026-12-04T10:00:00+14:00", "2026-12-04T10:00:00+2:00", "2026-12-04T10:00:00ZZ"}) {
    CAPTURE(odd);
    CHECK_FALSE(takes(date_time, odd));
  }
}

TEST_CASE("strings: lengths in characters, enumerations, booleans") {
  SimpleValue name{Builtin::kString};
  name.min_length = 1;
  name.max_length = 3;
  CHECK(takes(name, "āēī"));  // six bytes, three characters
  CHECK_FALSE(takes(name, "āēīō"));
  // Beyond the BMP a character is one, as XSD counts (Xerces counts two UTF-16 units).
  CHECK(takes(name, "āē\U0001F600"));
  CHECK_FALSE(takes(name, "āēī\U0001F600"));
  CHECK_FALSE(takes(name, ""));
  SimpleValue code{Builtin::kString};
  code.enumerations = {{"TRF", "CHK"}, {"TRF"}};
  CHECK(takes(code, "TRF"));
  CHECK_FALSE(takes(code, "CHK"));  // in one list, not in the other
  CHECK_FALSE(takes(code, "TRF "));
  const SimpleValue flag{Builtin::kBoolean};
  CHECK(takes(flag, "true"));
  CHECK(takes(flag, "0"));
  CHECK_FALSE(takes(flag, "TRUE"));
  CHECK_FALSE(takes(flag, "yes"));
}
