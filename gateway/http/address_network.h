// The network a client's address counts as wherever something is limited per
// source address (connections, handshakes, activation attempts): an IPv4
// address itself, and for IPv6 its /64. One subscriber's network gets a whole
// /64 and can use any address in it, so counting single IPv6 addresses would
// give one client 2^64 budgets. (A LAN of many hosts shares its /64 as hosts
// behind a NAT share an IPv4 address.)
#pragma once

#include <string>
#include <string_view>

namespace gw::http {

// "192.0.2.7" -> "192.0.2.7"; "2001:db8:1:2:a:b:c:d" -> "2001:db8:1:2::/64";
// an IPv4-mapped IPv6 address -> its IPv4 address; anything unreadable as an
// address -> itself. `ipv6_prefix` (0-128) other than 64: that many leading
// bits (128: the address itself).
std::string address_network(std::string_view address, unsigned ipv6_prefix = 64);

}  // namespace gw::http
