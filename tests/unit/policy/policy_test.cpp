#include <doctest/doctest.h>

#include "policy/ip_allow_list.h"
#include "policy/personal_code.h"

using namespace gw::policy;

TEST_CASE("an empty allow-list allows every address") {
  auto list = IpAllowList::parse({});
  REQUIRE(list.has_value());
  CHECK(list->empty());
  CHECK(list->allows("203.0.113.9"));
  CHECK(list->allows("2001:db8::1"));
}

TEST_CASE("IPv4 addresses and ranges, also seen as IPv4-mapped IPv6") {
  auto list = IpAllowList::parse({"127.0.0.1/32", "10.20.0.0/16", "192.0.2.7"});
  REQUIRE(list.has_value());
  CHECK(list->allows("127.0.0.1"));
  CHECK_FALSE(list->allows("127.0.0.2"));
  CHECK(list->allows("10.20.255.1"));
  CHECK_FALSE(list->allows("10.21.0.1"));
  CHECK(list->allows("192.0.2.7"));
  CHECK(list->allows("::ffff:10.20.1.1"));
  CHECK_FALSE(list->allows("::ffff:127.0.0.2"));
  CHECK_FALSE(list->allows("not an address"));
}

TEST_CASE("IPv6 addresses and ranges") {
  auto list = IpAllowList::parse({"2001:db8::/32", "::1"});
  REQUIRE(list.has_value());
  CHECK(list->allows("2001:db8:ffff::5"));
  CHECK_FALSE(list->allows("2001:db9::5"));
  CHECK(list->allows("::1"));
  CHECK_FALSE(list->allows("127.0.0.1"));
}

TEST_CASE("odd prefix lengths and the whole space") {
  auto list = IpAllowList::parse({"198.51.100.128/25"});
  REQUIRE(list.has_value());
  CHECK(list->allows("198.51.100.200"));
  CHECK_FALSE(list->allows("198.51.100.127"));
  auto everything = IpAllowList::parse({"0.0.0.0/0"});
  CHECK(everything->allows("8.8.8.8"));
  CHECK_FALSE(everything->allows("2001:db8::1"));  // an IPv4 range says nothing of IPv6
}

TEST_CASE("bad allow-list entries are refused by name") {
  for (const char* bad :
       {"300.1.1.1", "10.0.0.0/33", "2001:db8::/129", "10.0.0.0/", "example.lv", "10.0.0.0/8x"}) {
    auto list = IpAllowList::parse({"127.0.0.1", bad});
    REQUIRE_FALSE(list.has_value());
    CHECK(list.error().message.find(bad) != std::string::npos);
  }
}

TEST_CASE("Latvian personal codes: date, century and check digit of the old format") {
  CHECK(validate_personal_code("010101-10006").value() == "010101-10006");
  CHECK(validate_personal_code("01010110006").value() == "010101-10006");
  auto wrong_check = validate_personal_code("010101-10007");
  REQUIRE_FALSE(wrong_check.has_value());
  CHECK(wrong_check.error().message.find("check digit") != std::string::npos);
  CHECK_FALSE(validate_personal_code("310299-10000").has_value());  // 31 February
  CHECK_FALSE(validate_personal_code("010101-30000").has_value());  // century digit 3
  CHECK_FALSE(validate_personal_code("010101-1000").has_value());
  CHECK_FALSE(validate_personal_code("0101-0110006").has_value());
}

TEST_CASE("new-format personal codes (since 2017) start with 32 and have no check digit") {
  CHECK(validate_personal_code("321234-56789").value() == "321234-56789");
  CHECK(validate_personal_code("32999999999").value() == "329999-99999");
}
