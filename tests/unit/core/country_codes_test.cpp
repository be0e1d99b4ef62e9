#include "core/country_codes.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "core/bic.h"
#include "core/iban.h"

using namespace gw;

TEST_CASE("country codes: ISO 3166-1 alpha-2 and XK, as Debian's iso-codes lists them") {
  CHECK(is_country_code("LV"));
  CHECK(is_country_code("XK"));
  CHECK_FALSE(is_country_code("XX"));
  CHECK_FALSE(is_country_code("lv"));
  CHECK_FALSE(is_country_code("LVA"));
  for (const std::string_view other :
       {"", "L", "@V", "L[", "[A", "`A", "{A", "L\xC4", "\xC4\x80"}) {
    CHECK_FALSE(is_country_code(other));
  }
  const std::filesystem::path iso_codes = "/usr/share/iso-codes/json/iso_3166-1.json";
  if (!std::filesystem::exists(iso_codes)) {
    MESSAGE("skipped the comparison: the iso-codes package is not installed");
    return;
  }
  std::ifstream in(iso_codes);
  const auto list = nlohmann::json::parse(in)["3166-1"];
  std::set<std::string> theirs;
  for (const auto& country : list) theirs.insert(country["alpha_2"].get<std::string>());
  CHECK(theirs.size() >= 249);
  int ours = 0;
  for (char a = 'A'; a <= 'Z'; ++a) {
    for (char b = 'A'; b <= 'Z'; ++b) {
      const std::string code{a, b};
      if (code == "XK") continue;
      CAPTURE(code);
      CHECK(is_country_code(code) == theirs.contains(code));
      ours += is_country_code(code) ? 1 : 0;
    }
  }
  CHECK(ours == static_cast<int>(theirs.size()));
}

TEST_CASE("IBAN lengths of the ISO 13616 registry, and countries outside it") {
  CHECK(iban_length("LV") == 21u);
  CHECK(iban_length("NO") == 15u);  // the shortest
  CHECK(iban_length("RU") == 33u);  // the longest
  CHECK_FALSE(iban_length("US").has_value());
  for (const char* country : {"LV", "NO", "RU", "LC", "XK", "AD", "VG"}) {
    CAPTURE(country);
    REQUIRE(iban_length(country).has_value());
    CHECK(*iban_length(country) >= 15u);
    CHECK(*iban_length(country) <= 34u);
  }
  CHECK(is_valid_iban("NO9386011117947"));
  CHECK_FALSE(is_valid_iban(*make_iban("NO", "860111179470")));  // one digit too many for Norway
  CHECK(is_valid_iban(*make_iban("RU", "04452522540817810538091310419")));
  CHECK(is_valid_iban(*make_iban("US", "0260095930123456789")));  // not in the registry: generic
  CHECK_FALSE(is_valid_iban(*make_iban("XX", "0260095930123456789")));  // not a country
}

TEST_CASE("BIC: ISO 9362 prefix, country, location and branch") {
  CHECK(is_valid_bic("TRELLV22"));
  CHECK(is_valid_bic("HABALV22XXX"));
  CHECK(is_valid_bic("1234LV22"));  // ISO 9362:2014 prefixes may hold digits
  CHECK(is_valid_bic("DEUTDEFF500"));
  CHECK_FALSE(is_valid_bic("HABAXX22"));  // XX is no country
  CHECK_FALSE(is_valid_bic("HABALV2"));
  CHECK_FALSE(is_valid_bic("HABALV22X"));
  CHECK_FALSE(is_valid_bic("habalv22"));
  CHECK_FALSE(is_valid_bic("HABA-V22"));
}
