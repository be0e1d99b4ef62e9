#include "http/address_network.h"

#include <doctest/doctest.h>

using gw::http::address_network;

TEST_CASE("per-address limits count an IPv4 address, an IPv6 /64, and mapped IPv4 as IPv4") {
  CHECK(address_network("192.0.2.7") == "192.0.2.7");
  CHECK(address_network("2001:db8:1:2:a:b:c:d") == "2001:db8:1:2::/64");
  CHECK(address_network("2001:db8:1:2::1") == address_network("2001:db8:1:2:ffff::1"));
  CHECK(address_network("2001:db8:1:2::1") != address_network("2001:db8:1:3::1"));
  CHECK(address_network("::1") == "::/64");
  CHECK(address_network("::ffff:192.0.2.7") == "192.0.2.7");
  // Not an address (a balancer's key, say): itself.
  CHECK(address_network("proxy 10.0.0.1") == "proxy 10.0.0.1");
  CHECK(address_network("") == "");
}

TEST_CASE("another IPv6 prefix length: that many leading bits, 128 the address itself") {
  CHECK(address_network("2001:db8:1:2:a:b:c:d", 128) == "2001:db8:1:2:a:b:c:d");
  CHECK(address_network("2001:db8:1:2:a:b:c:d", 48) == "2001:db8:1::/48");
  CHECK(address_network("2001:db8:1:2:a:b:c:d", 60) == "2001:db8:1::/60");
  CHECK(address_network("2001:db8:1:1f:a:b:c:d", 60) == "2001:db8:1:10::/60");
  CHECK(address_network("192.0.2.7", 128) == "192.0.2.7");
}
