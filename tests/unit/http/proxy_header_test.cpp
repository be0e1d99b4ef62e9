#include "http/proxy_header.h"

#include <doctest/doctest.h>

#include <vector>

using namespace gw::http;

namespace {

using Bytes = std::vector<unsigned char>;

Bytes header(unsigned char version_command, unsigned char family_protocol, const Bytes& block) {
  Bytes out = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
  out.push_back(version_command);
  out.push_back(family_protocol);
  out.push_back(static_cast<unsigned char>(block.size() >> 8));
  out.push_back(static_cast<unsigned char>(block.size() & 0xFF));
  out.insert(out.end(), block.begin(), block.end());
  return out;
}

const Bytes kInetBlock = {127, 0, 0, 2, 127, 0, 0, 1, 0xC3, 0x50, 0x20, 0xFB};  // :50000 -> :8443

}  // namespace

TEST_CASE("a PROXY v2 header over IPv4 names the client and its port") {
  const auto h = header(0x21, 0x11, kInetBlock);
  CHECK(proxy_header_remaining(h).value() == 12);
  auto parsed = parse_proxy_header(h);
  REQUIRE(parsed.has_value());
  CHECK(parsed->source_address == "127.0.0.2");
  CHECK(parsed->source_port == 50000);
}

TEST_CASE("IPv6, an IPv4 client through an IPv6 balancer, TLVs after the addresses") {
  Bytes v6(36, 0);
  v6[0] = 0x20;
  v6[1] = 0x01;
  v6[2] = 0x0d;
  v6[3] = 0xb8;
  v6[15] = 0x07;
  v6[32] = 0x01;
  v6[33] = 0xBB;
  CHECK(parse_proxy_header(header(0x21, 0x21, v6)).value().source_address == "2001:db8::7");
  Bytes mapped(36, 0);
  mapped[10] = 0xFF;
  mapped[11] = 0xFF;
  mapped[12] = 192;
  mapped[13] = 0;
  mapped[14] = 2;
  mapped[15] = 10;
  CHECK(parse_proxy_header(header(0x21, 0x21, mapped)).value().source_address == "192.0.2.10");
  Bytes with_tlv = kInetBlock;
  with_tlv.insert(with_tlv.end(), {0x04, 0x00, 0x02, 0xAA, 0xBB});  // a NOOP TLV
  CHECK(parse_proxy_header(header(0x21, 0x11, with_tlv)).value().source_address == "127.0.0.2");
}

TEST_CASE("LOCAL names nobody: the balancer is the peer") {
  auto parsed = parse_proxy_header(header(0x20, 0x00, {}));
  REQUIRE(parsed.has_value());
  CHECK_FALSE(parsed->source_address.has_value());
}

TEST_CASE("what is not a PROXY v2 header for TCP over IP is refused") {
  auto bad_signature = header(0x21, 0x11, kInetBlock);
  bad_signature[3] = 0x0B;
  CHECK_FALSE(proxy_header_remaining(bad_signature).has_value());
  Bytes version1 = {'P', 'R', 'O', 'X', 'Y', ' ', 'T', 'C', 'P', '4', ' ', '1', '2', '7', '.', '0'};
  CHECK_FALSE(proxy_header_remaining(version1).has_value());
  CHECK_FALSE(proxy_header_remaining(header(0x11, 0x11, kInetBlock)).has_value());  // version 1
  CHECK_FALSE(parse_proxy_header(header(0x22, 0x11, kInetBlock)).has_value());      // command 2
  CHECK_FALSE(parse_proxy_header(header(0x21, 0x12, kInetBlock)).has_value());      // UDP
  CHECK_FALSE(parse_proxy_header(header(0x21, 0x31, Bytes(216, 0))).has_value());   // AF_UNIX
  CHECK_FALSE(parse_proxy_header(header(0x21, 0x11, Bytes(11, 0))).has_value());    // short block
  CHECK_FALSE(parse_proxy_header(header(0x21, 0x21, Bytes(35, 0))).has_value());
  auto cut = header(0x21, 0x11, kInetBlock);
  cut.pop_back();
  CHECK_FALSE(parse_proxy_header(cut).has_value());  // length says more than there is
  CHECK_FALSE(proxy_header_remaining(header(0x21, 0x11, Bytes(1025, 0))).has_value());
  CHECK_FALSE(proxy_header_remaining(Bytes(15, 0x0D)).has_value());
}
