// The PROXY protocol version 2 header (haproxy.org/download/2.9/doc/proxy-protocol.txt)
// that a TCP load balancer sends before the client's bytes, naming the
// client's address. Read only from configured balancer addresses
// (api_session.h); anyone else could name any address. Binary form only:
// version 1's text form is not accepted.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "core/result.h"

namespace gw::http {

inline constexpr std::size_t kProxyHeaderFixedBytes = 16;
// Addresses (at most 216 bytes for AF_UNIX) and TLVs; a balancer sends far less.
inline constexpr std::size_t kProxyHeaderMaxRemaining = 1024;

struct ProxyHeader {
  // The client's address and port; nothing for a LOCAL header (the
  // balancer's own connection, e.g. a health check): the peer is the balancer.
  std::optional<std::string> source_address;
  std::uint16_t source_port = 0;
};

// From the fixed 16 bytes: how many bytes follow. Errors: not a version 2
// signature, another version, or more than kProxyHeaderMaxRemaining.
Result<std::size_t> proxy_header_remaining(std::span<const unsigned char> fixed);

// The whole header (the fixed part and what follows). A PROXY command must
// carry a TCP over IPv4 or IPv6 address block; TLVs after it are skipped.
Result<ProxyHeader> parse_proxy_header(std::span<const unsigned char> header);

}  // namespace gw::http
