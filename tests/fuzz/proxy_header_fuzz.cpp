// libFuzzer target: arbitrary bytes as the PROXY protocol v2 header a
// balancer sends (http/proxy_header.h), the first bytes gatewayd reads from a
// balancer's connection. The fixed part is read as the reader does (16 bytes,
// then the length it gives); whatever parses must name a client the
// allow-lists can read, and the same bytes must parse the same way twice.
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
  if (*remaining > gw::http::kProxyHeaderMaxRemaining) std::abort();
  const std::size_t length = std::min(size, gw::http::kProxyHeaderFixedBytes + *remaining);
  const auto header = gw::http::parse_proxy_header(bytes.first(length));
  const auto again = gw::http::parse_proxy_header(bytes.first(length));
  if (header.has_value() != again.has_value()) std::abort();
  if (header && header->source_address) {
    boost::system::error_code ec;
    const auto address = boost::asio::ip::make_address(*header->source_address, ec);
    if (ec || address.to_string() != *header->source_address) std::abort();
    if (address.is_v6() && address.to_v6().is_v4_mapped()) std::abort();  // written as IPv4
    if (*again->source_address != *header->source_address) std::abort();
  }
  return 0;
}
