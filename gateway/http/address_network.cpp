#include "http/address_network.h"

#include <boost/asio/ip/address.hpp>

namespace gw::http {

std::string address_network(std::string_view address, unsigned ipv6_prefix) {
  boost::system::error_code ec;
  const auto parsed = boost::asio::ip::make_address(address, ec);
  if (ec) return std::string(address);
  if (parsed.is_v4()) return parsed.to_string();
  const auto v6 = parsed.to_v6();
  if (v6.is_v4_mapped()) {
    return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, v6).to_string();
  }
  if (ipv6_prefix >= 128) return boost::asio::ip::make_address_v6(v6.to_bytes()).to_string();
  auto bytes = v6.to_bytes();
  for (std::size_t bit = ipv6_prefix; bit < 128; ++bit) {
    bytes[bit / 8] = static_cast<unsigned char>(bytes[bit / 8] & ~(0x80u >> (bit % 8)));
  }
  return boost::asio::ip::make_address_v6(bytes).to_string() + "/" + std::to_string(ipv6_prefix);
}

}  // namespace gw::http
