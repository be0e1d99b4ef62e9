#include "http/proxy_header.h"

#include <algorithm>
#include <array>
#include <boost/asio/ip/address_v4.hpp>
#include <boost/asio/ip/address_v6.hpp>

namespace gw::http {
namespace {

constexpr std::array<unsigned char, 12> kSignature = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D,
                                                      0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
constexpr unsigned char kCommandLocal = 0x0;
constexpr unsigned char kCommandProxy = 0x1;
constexpr unsigned char kFamilyInet = 0x1;
constexpr unsigned char kFamilyInet6 = 0x2;
constexpr unsigned char kProtocolStream = 0x1;
constexpr std::size_t kInetBlock = 12;   // 2 x 4 address bytes, 2 x 2 port bytes
constexpr std::size_t kInet6Block = 36;  // 2 x 16, 2 x 2

std::uint16_t read_u16(std::span<const unsigned char> bytes, std::size_t at) {
  return static_cast<std::uint16_t>((bytes[at] << 8) | bytes[at + 1]);
}

}  // namespace

Result<std::size_t> proxy_header_remaining(std::span<const unsigned char> fixed) {
  if (fixed.size() < kProxyHeaderFixedBytes ||
      !std::equal(kSignature.begin(), kSignature.end(), fixed.begin())) {
    return fail(ErrorCode::kInvalidArgument, "no PROXY protocol v2 signature");
  }
  if ((fixed[12] >> 4) != 0x2) {
    return fail(ErrorCode::kInvalidArgument, "PROXY protocol version other than 2");
  }
  const std::size_t remaining = read_u16(fixed, 14);
  if (remaining > kProxyHeaderMaxRemaining) {
    return fail(ErrorCode::kInvalidArgument, "PROXY protocol header too long");
  }
  return remaining;
}

Result<ProxyHeader> parse_proxy_header(std::span<const unsigned char> header) {
  auto remaining = proxy_header_remaining(header);
  if (!remaining) return tl::unexpected(remaining.error());
  if (header.size() != kProxyHeaderFixedBytes + *remaining) {
    return fail(ErrorCode::kInvalidArgument, "PROXY protocol header length mismatch");
  }
  const unsigned char command = header[12] & 0x0F;
  const unsigned char family = header[13] >> 4;
  const unsigned char protocol = header[13] & 0x0F;
  if (command == kCommandLocal) return ProxyHeader{};
  if (command != kCommandProxy) {
    return fail(ErrorCode::kInvalidArgument, "unknown PROXY protocol command");
  }
  if (protocol != kProtocolStream || (family != kFamilyInet && family != kFamilyInet6)) {
    return fail(ErrorCode::kInvalidArgument, "PROXY protocol header for other than TCP over IP");
  }
  const auto block = header.subspan(kProxyHeaderFixedBytes);
  ProxyHeader out;
  if (family == kFamilyInet) {
    if (block.size() < kInetBlock) {
      return fail(ErrorCode::kInvalidArgument, "PROXY protocol IPv4 block too short");
    }
    boost::asio::ip::address_v4::bytes_type source;
    std::copy_n(block.begin(), source.size(), source.begin());
    out.source_address = boost::asio::ip::address_v4(source).to_string();
    out.source_port = read_u16(block, 8);
  } else {
    if (block.size() < kInet6Block) {
      return fail(ErrorCode::kInvalidArgument, "PROXY protocol IPv6 block too short");
    }
    boost::asio::ip::address_v6::bytes_type source;
    std::copy_n(block.begin(), source.size(), source.begin());
    const auto v6 = boost::asio::ip::address_v6(source);
    // An IPv4 client through an IPv6 balancer is written as IPv4, as the
    // allow-lists and logs know it.
    out.source_address =
        v6.is_v4_mapped()
            ? boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, v6).to_string()
            : v6.to_string();
    out.source_port = read_u16(block, 32);
  }
  return out;
}

}  // namespace gw::http
