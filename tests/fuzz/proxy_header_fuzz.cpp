// libFuzzer target: arbitrary bytes as the PROXY protocol v2 header a
// balancer sends (http/proxy_header.h), the first bytes gatewayd reads from a
// balancer's connection. The fixed part is read as the reader does (16 bytes,
// then the length it gives). A header that parses is exactly that long; a
// PROXY command names a client, written so the allow-lists read it back the
// same (IPv4-mapped as IPv4); LOCAL names nobody.
#include <algorithm>
#include <boost/asio/ip/address.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "http/proxy_header.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const unsigned char> bytes(data, size);
  if (size < gw::http::kProxyHeaderFixedBytes) {
    if (gw::http::proxy_header_remaining(bytes)) std::abort();  // too short is never a header
    return 0;
  }
  const auto remaining = gw::http::proxy_header_remaining(bytes.first(16));
  if (!remaining) return 0;
  const std::size_t length = std::min(size, gw::http::kProxyHeaderFixedBytes + *remaining);
  const auto header = gw::http::parse_proxy_header(bytes.first(length));
  if (!header) return 0;
  if (length != gw::http::kProxyHeaderFixedBytes + *remaining) std::abort();
  const unsigned command = bytes[12] & 0x0Fu;
  if (command == 0x0 && header->source_address) std::abort();   // LOCAL
  if (command == 0x1 && !header->source_address) std::abort();  // PROXY
  if (command > 0x1) std::abort();
  if (header->source_address) {
    boost::system::error_code ec;
    const auto address = boost::asio::ip::make_address(*header->source_address, ec);
    if (ec || address.to_string() != *header->source_address) std::abort();
    if (address.is_v6() && address.to_v6().is_v4_mapped()) std::abort();  // written as IPv4
  }
  return 0;
}
