#include "rates/fx_rate.h"

#include <doctest/doctest.h>

#include <fstream>

#include "rates/ecb_reference_rates.h"
#include "support/temp_dir.h"
#include "xml/xerces_runtime.h"

using namespace gw::rates;

TEST_CASE("rates are integer millionths - malformed, zero and over-precise rates are refused") {
  CHECK(parse_rate("1.0823") == 1'082'300);
  CHECK(parse_rate("405.10") == 405'100'000);
  CHECK(parse_rate("0.83000") == 830'000);
  CHECK_FALSE(parse_rate("0").has_value());
  CHECK_FALSE(parse_rate("1.0000001").has_value());
  CHECK_FALSE(parse_rate("-1.2").has_value());
  CHECK_FALSE(parse_rate("abc").has_value());
}

TEST_CASE("EUR equivalents round up to the cent and never overflow") {
  CHECK(eur_minor_of(1'250'000, 1'250'000) == 1'000'000);  // 12 500.00 USD at 1.25
  CHECK(eur_minor_of(1'250'002, 1'250'000) == 1'000'002);  // 10 000.0016 -> .01 up
  CHECK(eur_minor_of(1, 405'100'000) == 1);                // 0.01 HUF is still a cent
  CHECK(eur_minor_of(0, 1'000'000) == 0);
  CHECK(eur_minor_of(100, 830'000) == 121);  // 1.00 GBP at 0.83 = 1.2048 EUR
  CHECK(eur_minor_of(INT64_MAX, 1'000'000) == INT64_MAX);
  CHECK_FALSE(eur_minor_of(INT64_MAX, 999'999).has_value());
  CHECK_FALSE(eur_minor_of(100, 0).has_value());
}

TEST_CASE("what an EUR account is debited is the nearest cent, half a cent up") {
  using gw::rates::eur_minor_debited;
  CHECK(eur_minor_debited(100, 1'082'500) == 92);  // 1.00 USD at 1.0825 = 0.9238 (limits: 0.93)
  CHECK(eur_minor_of(100, 1'082'500) == 93);
  CHECK(eur_minor_debited(1'250'002, 1'250'000) == 1'000'002);  // 10 000.0016 -> .02
  CHECK(eur_minor_debited(1'250'000, 1'250'000) == 1'000'000);
  CHECK(eur_minor_debited(1, 2'000'000) == 1);    // 0.005 EUR: half a cent goes up
  CHECK(eur_minor_debited(1, 405'100'000) == 1);  // 0.01 HUF: no zero-euro entry
  CHECK(eur_minor_debited(0, 405'100'000) == 0);
  CHECK(eur_minor_debited(INT64_MAX, 1'000'000) == INT64_MAX);
  CHECK_FALSE(eur_minor_debited(100, 0).has_value());
}

TEST_CASE("the ECB eurofxref format: every day and currency - other XML is refused") {
  gw::xml::XercesRuntime xerces;
  TempDir dir;
  const auto daily = dir.path() / "daily.xml";
  std::ofstream(daily) << R"(<?xml version="1.0" encoding="UTF-8"?>
<gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01"
 xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">
<Cube><Cube time="2026-11-20"><Cube currency="USD" rate="1.0500"/><Cube currency="SEK" rate="11.2"/></Cube>
<Cube time="2026-11-19"><Cube currency="USD" rate="1.0400"/></Cube></Cube></gesmes:Envelope>)";
  auto rates = read_ecb_reference_rates(daily);
  REQUIRE(rates.has_value());
  REQUIRE(rates->size() == 3);
  CHECK((*rates)[0].rate_date == "2026-11-20");
  CHECK((*rates)[0].currency == "USD");
  CHECK((*rates)[0].units_per_eur_micro == 1'050'000);
  CHECK((*rates)[2].rate_date == "2026-11-19");

  const auto other = dir.path() / "other.xml";
  std::ofstream(other) << "<a><b/></a>";
  CHECK_FALSE(read_ecb_reference_rates(other).has_value());
  const auto bad = dir.path() / "bad.xml";
  std::ofstream(bad)
      << R"(<Cube><Cube time="2026-11-20"><Cube currency="USD" rate="x"/></Cube></Cube>)";
  auto refused = read_ecb_reference_rates(bad);
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().message.find("bad rate 'x' for 'USD'") != std::string::npos);
  const auto doctype = dir.path() / "doctype.xml";
  std::ofstream(doctype) << "<!DOCTYPE Cube [<!ENTITY x \"1\">]><Cube/>";
  auto with_doctype = read_ecb_reference_rates(doctype);
  REQUIRE_FALSE(with_doctype.has_value());
  CHECK(with_doctype.error().message.find("a DOCTYPE is not allowed") != std::string::npos);
  const auto broken = dir.path() / "broken.xml";
  std::ofstream(broken) << "<Cube><Cube time=\"2026-11-20\">\n</Cube>";
  auto not_well_formed = read_ecb_reference_rates(broken);
  REQUIRE_FALSE(not_well_formed.has_value());
  CHECK(not_well_formed.error().code == gw::ErrorCode::kInvalidArgument);
  CHECK(not_well_formed.error().message.find("not an ECB reference-rate file: line 2") !=
        std::string::npos);
  auto missing = read_ecb_reference_rates(dir.path() / "missing.xml");
  REQUIRE_FALSE(missing.has_value());
  CHECK(missing.error().code == gw::ErrorCode::kNotFound);
}
